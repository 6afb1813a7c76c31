package io.lucidity.migrator.reliability.support;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.embedded.EmbeddedPostgres;
import io.lucidity.migrator.testsupport.FreshDatabase;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.time.Duration;

/**
 * A fresh database of the test-support module ({@link FreshDatabase}), with what needs core's API: a builder
 * configured for it, as the reliability tests run it (a 5 s connect timeout).
 */
public final class Db extends FreshDatabase {

    public Db() {}

    public Db(EmbeddedPostgres server) {
        super(server);
    }

    /**
     * A builder connected to this database as the superuser, with these files' locations; vector required (the
     * default) where the server has pgvector, no extension otherwise ({@link #extensions}).
     */
    public MigratorConfig.Builder configure(MigrationFiles scripts) {
        return extensions(Migrator.configure()
                .url(url())
                .user(user())
                .password(password())
                .locations(scripts.locations())
                .seedLocations(scripts.seeds())
                .connectTimeout(Duration.ofSeconds(5)));
    }

    /** Unchanged with pgvector (Migrator's default {@code vector} stays); without, {@code extensions("none")}. */
    public static MigratorConfig.Builder extensions(MigratorConfig.Builder builder) {
        return TestServer.vector() ? builder : builder.extensions(TestServer.NO_EXTENSION);
    }
}
