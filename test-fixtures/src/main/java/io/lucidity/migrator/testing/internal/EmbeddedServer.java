package io.lucidity.migrator.testing.internal;

import io.lucidity.migrator.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The local or external server of {@link EmbeddedPostgres#shared()}. */
final class EmbeddedServer implements Server {
    private final EmbeddedPostgres postgres;

    EmbeddedServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    @Override
    public String provider() {
        return postgres.provider().name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String jdbcUrl(String database) {
        return postgres.jdbcUrl(database);
    }

    @Override
    public String maintenanceDatabase() {
        String url = postgres.jdbcUrl();
        String path = url.substring(url.indexOf("//") + 2);
        path = path.substring(path.indexOf('/') + 1);
        int query = path.indexOf('?');
        String name = query < 0 ? path : path.substring(0, query);
        return java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String user() {
        return postgres.user();
    }

    @Override
    public String password() {
        return postgres.password();
    }

    @Override
    public boolean throwaway() {
        return postgres.provider() == EmbeddedPostgres.Provider.LOCAL;
    }

    @Override
    public Optional<String> localOsUser() {
        return throwaway() ? Optional.of(postgres.osUser()) : Optional.empty();
    }

    @Override
    public Optional<Path> localDataDirectory() {
        return throwaway() ? Optional.of(postgres.dataDirectory()) : Optional.empty();
    }

    @Override
    public String toString() {
        return postgres.toString();
    }
}
