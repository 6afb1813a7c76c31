package io.lucidity.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.cli.support.Cli;
import io.lucidity.migrator.cli.support.Run;
import io.lucidity.migrator.cli.support.TestDatabase;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The {@code MIGRATOR_*} variables beyond one per option: drain checks and placeholders, a misspelt variable, and
 * a login without a password.
 */
class EnvironmentSettingsIT {
    private final TestDatabase db = new TestDatabase();
    private final MigrationFiles migrations = new MigrationFiles()
            .migration(
                    "V1__create_documents.sql",
                    "CREATE TABLE ${docs_table} (id serial PRIMARY KEY, state text NOT NULL);");
    private final Cli cli = db.cli().env(migrations.env()).env("MIGRATOR_EXTENSIONS", "none");

    @Test
    void aDrainCheckGivenInTheEnvironmentBlocksCheckAsTheSameKeyInTheFileDoes() throws Exception {
        cli.env("MIGRATOR_PLACEHOLDERS_DOCS_TABLE", "documents").run("upgrade").ok();
        db.execute("INSERT INTO documents (state) VALUES ('processing')");
        String query = "SELECT count(*) FROM documents WHERE state <> 'done'";

        Run fromFile = cli.localProperties("check.docs.sql=" + query + "\n")
                .run("check")
                .exits(6);
        Run fromEnvironment = Cli.create()
                .env(db.env())
                .env(migrations.env())
                .env("MIGRATOR_EXTENSIONS", "none")
                .env("MIGRATOR_PLACEHOLDERS_DOCS_TABLE", "documents")
                .env("MIGRATOR_CHECK_DOCS_SQL", query)
                .run("check")
                .exits(6);

        assertThat(fromFile.stdout()).containsPattern("block\\s+docs\\s+returned 1");
        assertThat(fromEnvironment.stdout())
                .containsPattern("block\\s+docs\\s+returned 1")
                .contains("Not ready: 1 check(s) block the upgrade.");

        // The environment wins over the file for the same check: one check named docs, and it passes.
        Run overridden =
                cli.env("MIGRATOR_CHECK_DOCS_SQL", "SELECT 0").run("check").ok();
        assertThat(overridden.stdout())
                .containsPattern("pass\\s+docs\\s+0")
                .doesNotContainPattern("(?m)^block")
                .contains("Ready to upgrade: no check blocks.");
    }

    @Test
    void aPlaceholderGivenInTheEnvironmentReachesTheMigration() throws Exception {
        cli.env("MIGRATOR_PLACEHOLDERS_DOCS_TABLE", "papers").run("upgrade").ok();

        assertThat(db.exists("public.papers")).isTrue();
        assertThat(db.exists("public.documents")).isFalse();
    }

    @Test
    void aMisspeltMigratorVariableIsRefusedNamingTheSettingItResembles() throws Exception {
        Run run = cli.env("MIGRATOR_PLACEHOLDERS_DOCS_TABLE", "documents")
                .env("MIGRATOR_LOCK_TIMOUT", "30s")
                .run("upgrade")
                .exits(2);

        assertThat(run.stderr())
                .contains("MIGRATOR-CONFIG", "MIGRATOR_LOCK_TIMOUT", "Did you mean MIGRATOR_LOCK_TIMEOUT?");
        assertThat(db.exists("public.documents")).as("nothing ran").isFalse();
    }

    @Test
    void theVariablesOfBackupsAndTestFixturesAreNotRefused() {
        cli.env("MIGRATOR_PLACEHOLDERS_DOCS_TABLE", "documents")
                .env("MIGRATOR_TEST_PROVIDER", "local")
                .env("MIGRATOR_PG_BIN", "/nonexistent")
                .run("upgrade")
                .ok();
    }

    @Test
    void noPasswordAtAllIsRefusedAsBadCredentialsAtOnce() {
        Run run = cli.unset("PGPASSWORD")
                .env("MIGRATOR_CONNECT_TIMEOUT", "30s")
                .run("status")
                .exits(5);

        assertThat(run.stderr()).startsWith("MIGRATOR-AUTH").contains("no password was provided");
        assertThat(run.took()).as("no 30 s of retries").isLessThan(Duration.ofSeconds(15));
    }
}
