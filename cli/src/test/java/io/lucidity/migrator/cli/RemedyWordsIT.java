package io.lucidity.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.cli.support.Cli;
import io.lucidity.migrator.cli.support.Run;
import io.lucidity.migrator.cli.support.TestDatabase;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** A remedy run from the CLI names the setting as an option and a MIGRATOR_* variable, never as Java code. */
class RemedyWordsIT {
    private final TestDatabase db = new TestDatabase();

    @Test
    void aLockTimeoutSaysLockTimeoutOptionAndVariable() throws Exception {
        Cli cli = db.cli()
                .env(new MigrationFiles()
                        .migration("V1__a.sql", "CREATE TABLE a (id int);")
                        .env());
        try (Connection holder = db.connect();
                Statement s = holder.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + db.lockKey("public") + ")");

            Run upgrade = cli.run("upgrade", "--lock-timeout", "1s").exits(DiagnosticCode.LOCK_TIMEOUT.exitCode());

            assertThat(upgrade.stderr())
                    .contains("raise --lock-timeout (MIGRATOR_LOCK_TIMEOUT)")
                    .doesNotContain("lockTimeout(", "migrator.lock-timeout");
        }
    }

    @Test
    void aMissingSeedVariableSaysTheEnvironmentOfMigrator() throws Exception {
        Cli cli = db.cli()
                .unset("NOT_SET_CLI_REMEDY_3c")
                .env(new MigrationFiles()
                        .migration("V1__a.sql", "CREATE TABLE a (id int, v text);")
                        .seed(
                                "01_a.json",
                                "{\"table\": \"a\", \"key\": [\"id\"], \"rows\": [{\"id\": 1, \"v\": \"${env:NOT_SET_CLI_REMEDY_3c}\"}]}")
                        .env());

        Run upgrade = cli.run("upgrade").exits(DiagnosticCode.SEED_VARIABLE_MISSING.exitCode());

        assertThat(upgrade.stderr())
                .contains(
                        "MIGRATOR-SEED-VARIABLE",
                        "Set NOT_SET_CLI_REMEDY_3c in the environment of migrator; or give a default in the seed")
                .doesNotContain("seedVariable", "seed-variables", "in code");
        assertThat(db.exists("a")).as("refused before V1 ran").isFalse();
    }

    @Test
    void aMissingExtensionSaysTheExtensionsOption() {
        Cli cli = db.cli()
                .env(new MigrationFiles()
                        .migration("V1__a.sql", "CREATE TABLE a (id int);")
                        .env());

        Run upgrade = cli.run("upgrade", "--extensions", "no_such_extension_3c")
                .exits(DiagnosticCode.EXTENSION_MISSING.exitCode());

        assertThat(upgrade.stderr())
                .contains("MIGRATOR-EXTENSION", "leave it out of --extensions (MIGRATOR_EXTENSIONS)")
                .doesNotContain("extensions(..)");
    }
}
