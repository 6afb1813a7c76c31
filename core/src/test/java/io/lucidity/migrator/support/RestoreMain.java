package io.lucidity.migrator.support;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.RestoreResult;
import java.nio.file.Path;

/**
 * A separate process restoring a backup as {@code migrator restore FILE} does: args url, user, locations, archive;
 * password from MIGRATOR_PASSWORD, other settings (application name, MIGRATOR_PG_BIN) from the environment.
 */
public final class RestoreMain {
    private RestoreMain() {}

    public static void main(String[] args) {
        try (Migrator migrator = Migrator.configure()
                .environment()
                .url(args[0])
                .user(args[1])
                .locations(args[2])
                .seedLocations(args[2])
                .load()) {
            RestoreResult result = migrator.restore(Path.of(args[3]));
            System.out.println("RESTORED revision " + result.revision());
        } catch (MigratorException e) {
            System.out.println(e.getMessage());
            System.exit(e.code().exitCode());
        }
    }
}
