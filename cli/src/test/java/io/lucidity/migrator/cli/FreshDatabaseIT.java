package io.lucidity.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.cli.support.Cli;
import io.lucidity.migrator.cli.support.Run;
import io.lucidity.migrator.cli.support.TestDatabase;
import org.junit.jupiter.api.Test;

/** The example backend schema on a fresh database, through the jar only: upgrade, current, history, status, plan, seed. */
class FreshDatabaseIT {

    @Test
    void upgradeAppliesEveryMigrationAndSeedPrintingOneProgressLineEach() throws Exception {
        TestDatabase db = new TestDatabase();
        Cli cli = db.cli().env(Cli.examples());

        Run upgrade = cli.run("upgrade").ok();

        assertThat(upgrade.stderr().lines().filter(l -> l.startsWith("migration V")))
                .hasSize(7);
        assertThat(upgrade.stderr().lines().filter(l -> l.startsWith("seed "))).hasSize(3);
        assertThat(upgrade.stderr())
                .containsPattern("migration V1 create users: \\d+ ms")
                .contains("migration V6 index chunk embeddings (outside a transaction): ")
                .containsPattern("seed 02_system_config.yaml: 6 row\\(s\\), \\d+ ms")
                .contains("extension vector: ");
        assertThat(upgrade.stdout()).contains("upgraded from base to 7: 7 migration(s) applied, 3 of 3 seed(s) run");
        assertThat(db.value("SELECT count(*) FROM users WHERE role = 'admin'")).isEqualTo("1");
        assertThat(db.exists("document_chunks_embedding_hnsw")).isTrue();
    }

    @Test
    void currentPrintsTheRevisionAloneOnItsLine() {
        TestDatabase db = new TestDatabase();
        Cli cli = db.cli().env(Cli.examples());
        assertThat(cli.run("current").ok().stdout()).isEqualTo("base\n");

        cli.run("upgrade").ok();

        assertThat(cli.run("current").ok().stdout()).isEqualTo("7\n");
        Run verbose = cli.run("current", "--verbose").ok();
        assertThat(verbose.lines()).containsExactly("7", "state: clean (head of this build: 7)");
    }

    @Test
    void currentVerboseSaysTheDatabaseIsBehindTheCode() {
        TestDatabase db = new TestDatabase();
        Cli cli = db.cli().env(Cli.examples());
        cli.run("upgrade", "--target", "3").ok();

        Run verbose = cli.run("current", "--verbose").ok();

        assertThat(verbose.lines().get(0)).isEqualTo("3");
        assertThat(verbose.lines().get(1)).contains("behind code (4 pending)");
    }

    @Test
    void historyShowsEveryMigrationAsATable() {
        TestDatabase db = new TestDatabase();
        Cli cli = db.cli().env(Cli.examples());
        cli.run("upgrade", "--target", "5").ok();

        Run history = cli.run("history").ok();

        assertThat(history.lines().get(0))
                .startsWith("VERSION")
                .contains("DESCRIPTION", "TYPE", "STATE", "APPLIED AT", "TIME");
        assertThat(history.lines()).hasSize(8);
        assertThat(history.lines().get(1)).startsWith("1 ").contains("create users", "SQL", "applied", " ms");
        assertThat(history.lines().get(7)).startsWith("7 ").contains("add document language", "pending");
    }

    @Test
    void statusShowsRevisionExtensionsSeedsAndTheLock() {
        TestDatabase db = new TestDatabase();
        Cli cli = db.cli().env(Cli.examples());
        Run before = cli.run("status").ok();
        assertThat(before.stdout())
                .contains(
                        "revision:   base (head of this build: 7)",
                        "pending:    7",
                        "V1 create users",
                        "01_admin_user.json",
                        "never ran");

        cli.run("upgrade").ok();
        Run status = cli.run("status").ok();

        assertThat(status.stdout())
                .contains(
                        "database:   " + db.name() + " (schema public), PostgreSQL ",
                        "revision:   7 (head of this build: 7)",
                        "state:      clean",
                        "lock:       free",
                        "pending:    none",
                        "problems:   none");
        assertThat(status.stdout()).containsPattern("vector\\s+\\d+\\.\\d+\\.\\d+\\s+server has \\S+\\s+ok");
        assertThat(status.stdout())
                .containsPattern("03_pipeline_stages.sql\\s+current\\s+ran \\S+ \\S+\\s+6 row\\(s\\)");
    }

    @Test
    void aSecondUpgradeFindsTheDatabaseUpToDate() {
        TestDatabase db = new TestDatabase();
        Cli cli = db.cli().env(Cli.examples());
        cli.run("upgrade").ok();

        Run again = cli.run("upgrade").ok();

        assertThat(again.stdout())
                .contains("is up to date at revision 7")
                .contains("without taking the migration lock");
        assertThat(again.stderr()).doesNotContain("migration V");
    }

    @Test
    void planPrintsTheSqlWithTransactionBoundariesAndChangesNothing() throws Exception {
        TestDatabase db = new TestDatabase();
        Cli cli = db.cli().env(Cli.examples());

        Run plan = cli.run("plan").ok();

        assertThat(plan.stdout())
                .startsWith("-- Migrator plan: base -> 7")
                .contains(
                        "BEGIN;",
                        "COMMIT;",
                        "-- migration: V6 (V6__index_chunk_embeddings.sql) (outside a transaction)",
                        "CREATE INDEX CONCURRENTLY",
                        "-- seed: 03_pipeline_stages.sql");
        assertThat(db.exists("users")).isFalse();
        assertThat(cli.run("current").ok().stdout()).isEqualTo("base\n");
    }

    @Test
    void upgradeToATargetStopsThereWithoutSeeds() {
        TestDatabase db = new TestDatabase();
        Cli cli = db.cli().env(Cli.examples());

        Run upgrade = cli.run("upgrade", "--target", "2").ok();

        assertThat(upgrade.stdout()).contains("from base to 2");
        assertThat(upgrade.stderr()).doesNotContain("seed ");
        assertThat(cli.run("current").ok().stdout()).isEqualTo("2\n");
    }

    @Test
    void seedRunsEverySeedAgain() throws Exception {
        TestDatabase db = new TestDatabase();
        Cli cli = db.cli().env(Cli.examples());
        cli.run("upgrade").ok();

        Run seed = cli.run("seed").ok();

        assertThat(seed.stderr().lines().filter(l -> l.startsWith("seed "))).hasSize(3);
        assertThat(seed.stdout()).startsWith("Ran 3 seed(s)");
        assertThat(db.value("SELECT count(*) FROM users")).isEqualTo("1");
    }

    @Test
    void validateListsThePendingMigrations() {
        TestDatabase db = new TestDatabase();
        Cli cli = db.cli().env(Cli.examples());
        cli.run("upgrade", "--target", "6").ok();

        Run validate = cli.run("validate").ok();

        assertThat(validate.stdout())
                .isEqualTo("Valid: the history agrees with this build; pending: V7 add document language\n");
    }
}
