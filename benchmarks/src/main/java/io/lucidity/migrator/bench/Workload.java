package io.lucidity.migrator.bench;

import java.nio.file.Path;

/**
 * The same change, as each tool reads it.
 *
 * @param name               shown in the table
 * @param migrations         Migrator's migration directory
 * @param seeds              Migrator's seed directory, or null for none
 * @param flywayMigrations   Flyway's migration directory
 * @param liquibaseChangelog Liquibase's master changelog (resources resolved from its directory)
 * @param psqlScript         one script for {@code psql --single-transaction}, or null
 */
public record Workload(
        String name, Path migrations, Path seeds, Path flywayMigrations, Path liquibaseChangelog, Path psqlScript) {

    /** A generated migration set: every tool reads the same files. */
    public static Workload of(GeneratedSet set) {
        return new Workload(
                set.count() + " migrations", set.sqlDir(), null, set.sqlDir(), set.changelog(), set.allSql());
    }
}
