package io.lucidity.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.cli.support.Cli;
import io.lucidity.migrator.cli.support.Run;
import io.lucidity.migrator.cli.support.TestDatabase;
import io.lucidity.migrator.testsupport.MigrationFiles;
import org.junit.jupiter.api.Test;

/** {@code downgrade REV} with and without undo scripts. */
class DowngradeIT {
    private final TestDatabase db = new TestDatabase();

    @Test
    void downgradeRunsTheUndoScriptsNewestFirst() throws Exception {
        Cli cli = db.cli()
                .env(new MigrationFiles()
                        .migration("V1__create_a.sql", "CREATE TABLE a (id int);")
                        .migration("V2__create_b.sql", "CREATE TABLE b (id int);")
                        .migration("U2__create_b.sql", "DROP TABLE b;")
                        .migration("V3__create_c.sql", "CREATE TABLE c (id int);")
                        .migration("U3__create_c.sql", "DROP TABLE c;")
                        .env());
        cli.run("upgrade").ok();

        Run downgrade = cli.run("downgrade", "1").ok();

        assertThat(downgrade.lines()).hasSize(3);
        assertThat(downgrade.lines().get(0)).isEqualTo("Downgraded 3 -> 1");
        assertThat(downgrade.lines().get(1)).startsWith("  undone V3 create c: ");
        assertThat(downgrade.lines().get(2)).startsWith("  undone V2 create b: ");
        assertThat(db.exists("c")).isFalse();
        assertThat(db.exists("b")).isFalse();
        assertThat(db.exists("a")).isTrue();
        assertThat(cli.run("current").ok().stdout()).isEqualTo("1\n");
        assertThat(cli.run("upgrade").ok().stdout()).contains("from 1 to 3");
    }

    @Test
    void downgradeWithoutUndoScriptsRefusesBeforeChangingAnything() throws Exception {
        Cli cli = db.cli()
                .env(new MigrationFiles()
                        .migration("V1__create_a.sql", "CREATE TABLE a (id int);")
                        .migration("V2__create_b.sql", "CREATE TABLE b (id int);")
                        .migration("V3__create_c.sql", "CREATE TABLE c (id int);")
                        .migration("U3__create_c.sql", "DROP TABLE c;")
                        .env());
        cli.run("upgrade").ok();

        Run downgrade = cli.run("downgrade", "1").exits(4);

        assertThat(downgrade.stderr())
                .contains("MIGRATOR-NO-UNDO", "without undo script: V2", "Nothing was changed")
                .contains("migrator restore FILE");
        assertThat(downgrade.stdout()).isEmpty();
        assertThat(db.exists("c")).isTrue();
        assertThat(cli.run("current").ok().stdout()).isEqualTo("3\n");
    }
}
