package io.lucidity.migrator.support;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.testsupport.FreshDatabase;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;

/**
 * A fresh database of the test-support module ({@link FreshDatabase}), with what needs core's API: a builder
 * configured for it. (Test-support cannot depend on core: core's tests use it.)
 */
public final class TestDb extends FreshDatabase {

    /**
     * A builder connected to this database with the superuser, with these files' locations; vector required (the
     * default) where the server has pgvector, no extension otherwise ({@link #extensions}).
     */
    public MigratorConfig.Builder configure(MigrationFiles files) {
        return extensions(Migrator.configure()
                .url(url())
                .user(user())
                .password(password())
                .locations(files.locations())
                .seedLocations(files.seeds()));
    }

    /** Unchanged with pgvector (Migrator's default {@code vector} stays); without, {@code extensions("none")}. */
    public static MigratorConfig.Builder extensions(MigratorConfig.Builder builder) {
        return TestServer.vector() ? builder : builder.extensions(TestServer.NO_EXTENSION);
    }
}
