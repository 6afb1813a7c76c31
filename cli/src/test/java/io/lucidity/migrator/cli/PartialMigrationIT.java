package io.lucidity.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.cli.support.Cli;
import io.lucidity.migrator.cli.support.Run;
import io.lucidity.migrator.cli.support.TestDatabase;
import io.lucidity.migrator.testsupport.MigrationFiles;
import org.junit.jupiter.api.Test;

/**
 * A non-transactional step left half applied: {@code CREATE UNIQUE INDEX CONCURRENTLY} on duplicate data fails
 * and leaves an invalid index. {@code upgrade} exits 4 with {@code MIGRATOR-PARTIAL}; {@code repair} or
 * {@code stamp} restore a clean state.
 */
class PartialMigrationIT {
    private static final String INVALID_INDEX =
            "SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('t_x_unique') " + "AND NOT indisvalid";

    private final TestDatabase db = new TestDatabase();
    private final Cli cli = db.cli()
            .env(new MigrationFiles()
                    .migration("V1__create_t.sql", "CREATE TABLE t (x int);\nINSERT INTO t VALUES (1), (1), (2);")
                    .migration("V2__unique_x.sql", "CREATE UNIQUE INDEX CONCURRENTLY t_x_unique ON t (x);")
                    .env());

    private void halfApply() throws Exception {
        Run upgrade = cli.run("upgrade").exits(4);
        assertThat(upgrade.stderr())
                .contains(
                        "MIGRATOR-PARTIAL",
                        "Migration V2 ran outside a transaction",
                        "index t_x_unique: present but INVALID",
                        "Fix: ")
                .doesNotContain("\tat ");
        assertThat(db.value(INVALID_INDEX)).isEqualTo("1");
    }

    private void fixTheDataByHand() throws Exception {
        db.execute("DROP INDEX t_x_unique; DELETE FROM t a USING t b WHERE a.x = b.x AND a.ctid > b.ctid;");
    }

    @Test
    void upgradeKeepsRefusingUntilRepairThenCompletes() throws Exception {
        halfApply();
        cli.run("upgrade").exits(4);
        Run verbose = cli.run("current", "--verbose").ok();
        assertThat(verbose.lines()).first().isEqualTo("1");
        assertThat(verbose.stdout()).contains("half-applied (V2)");
        assertThat(cli.run("validate").exits(4).stderr()).contains("MIGRATOR-PARTIAL");
        assertThat(cli.run("status").ok().stdout()).containsPattern("V2 unique x\\s+partial");

        Run unconfirmed = cli.run("repair").exits(2);
        assertThat(unconfirmed.stderr()).contains("no terminal is attached", "migrator repair --yes");

        fixTheDataByHand();
        Run repair = cli.run("repair", "--yes").ok();
        assertThat(repair.stdout()).contains("unfinished closed:    1");

        cli.run("upgrade").ok();
        assertThat(cli.run("current").ok().stdout()).isEqualTo("2\n");
        assertThat(cli.run("status").ok().stdout()).contains("state:      clean");
        assertThat(db.value("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('t_x_unique')"))
                .isEqualTo("t");
    }

    @Test
    void stampRecordsAStepFinishedByHand() throws Exception {
        halfApply();
        fixTheDataByHand();
        db.execute("CREATE UNIQUE INDEX t_x_unique ON t (x)");

        Run stamp = cli.run("stamp", "2").ok();

        assertThat(stamp.lines()).contains("Stamped 1 -> 2", "  recorded as applied: 2", "  unfinished closed:   1");
        assertThat(cli.run("current", "--verbose").ok().lines())
                .containsExactly("2", "state: clean (head of this build: 2)");
        assertThat(cli.run("upgrade").ok().stdout()).contains("is up to date at revision 2");
    }

    @Test
    void repairAsksForConfirmationOnATerminal() throws Exception {
        halfApply();
        fixTheDataByHand();

        Run declined = cli.runOnTerminal("n\n", "repair").exits(1);

        assertThat(declined.stdout()).contains("problems: V2 unique x (partial)", "[y/N]", "Nothing changed.");
        cli.run("upgrade").exits(4);

        Run confirmed = cli.runOnTerminal("y\n", "repair").ok();

        assertThat(confirmed.stdout()).contains("unfinished closed:    1");
        cli.run("upgrade").ok();
    }
}
