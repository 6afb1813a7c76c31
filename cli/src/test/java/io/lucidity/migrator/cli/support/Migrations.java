package io.lucidity.migrator.cli.support;

import java.nio.file.Path;

/** Migration and seed files in a temporary directory, handed to the CLI as {@code filesystem:} locations. */
public final class Migrations {
    private final Path root = Cli.tempDirectory("migrator-cli-migrations");

    /** Adds a file to the migration directory, e.g. {@code V1__create_t.sql}. */
    public Migrations migration(String name, String sql) {
        Cli.write(root.resolve("migration").resolve(name), sql);
        return this;
    }

    /** Adds a file to the seed directory, e.g. {@code 01_config.sql}. */
    public Migrations seed(String name, String content) {
        Cli.write(root.resolve("seed").resolve(name), content);
        return this;
    }

    /** {@code filesystem:<dir>} of the migrations. */
    public String locations() {
        return "filesystem:" + Cli.directory(root.resolve("migration"));
    }

    /** {@code filesystem:<dir>} of the seeds. */
    public String seeds() {
        return "filesystem:" + Cli.directory(root.resolve("seed"));
    }

    /** {@code MIGRATOR_LOCATIONS} and {@code MIGRATOR_SEEDS} for these files. */
    public java.util.Map<String, String> env() {
        return java.util.Map.of("MIGRATOR_LOCATIONS", locations(), "MIGRATOR_SEEDS", seeds());
    }

    /** The example backend schema of the repository (examples/src/main/resources/db). */
    public static java.util.Map<String, String> examples() {
        String db = System.getProperty("migrator.examples");
        return java.util.Map.of("MIGRATOR_LOCATIONS", "filesystem:" + db + "/migration",
                "MIGRATOR_SEEDS", "filesystem:" + db + "/seed");
    }
}
