package io.lucidity.migrator.testing.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** The one PostgreSQL server of this JVM, whichever provider it came from. */
public interface Server {

    /** {@code local}, {@code external} or {@code docker}. */
    String provider();

    /** The JDBC URL of a database, without credentials. */
    String jdbcUrl(String database);

    /** The database the fixtures connect to for CREATE/DROP DATABASE. */
    String maintenanceDatabase();

    /** The user of every connection. */
    String user();

    /** Its password (may be null). */
    String password();

    /**
     * Whether the server exists only for this JVM's tests (local, docker): its databases may be copied with
     * {@code STRATEGY FILE_COPY}, whose checkpoints would disturb a shared server.
     */
    boolean throwaway();

    /** The OS user the server runs as, when it runs on this machine (local provider). */
    default Optional<String> localOsUser() {
        return Optional.empty();
    }

    /** The data directory, when the server runs on this machine (local provider). */
    default Optional<Path> localDataDirectory() {
        return Optional.empty();
    }

    /** A non-pooling DataSource for a database. */
    default DataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl(database));
        dataSource.setUser(user());
        dataSource.setPassword(password());
        dataSource.setApplicationName(FixtureOptions.APPLICATION_NAME);
        return dataSource;
    }

    /** The JDBC URL with {@code user} and {@code password} parameters. */
    default String jdbcUrlWithCredentials(String database) {
        String url = jdbcUrl(database);
        StringBuilder text = new StringBuilder(url)
                .append(url.contains("?") ? '&' : '?')
                .append("user=")
                .append(URLEncoder.encode(user(), StandardCharsets.UTF_8));
        if (password() != null) {
            text.append("&password=").append(URLEncoder.encode(password(), StandardCharsets.UTF_8));
        }
        return text.toString();
    }
}
