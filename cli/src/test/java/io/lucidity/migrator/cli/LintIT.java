package io.lucidity.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lucidity.migrator.cli.support.Cli;
import io.lucidity.migrator.cli.support.Run;
import io.lucidity.migrator.cli.support.TestDatabase;
import io.lucidity.migrator.testsupport.MigrationFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code migrator lint}: text grouped by migration, {@code --json}, exit 0/6, without and with a database. */
class LintIT {
    private final MigrationFiles files = new MigrationFiles()
            .migration("V1__create_jobs.sql", "CREATE TABLE jobs (id int PRIMARY KEY, state text);")
            .migration("V2__jobs_state_index.sql", "CREATE INDEX jobs_state ON jobs (state);\n");

    @AfterEach
    void cleanUp() {
        files.close();
    }

    @Test
    void withoutADatabaseATableCreatedInTheSameUpgradeIsNewAndAnyOtherExists() {
        Run clean = Cli.create().run("lint", "--locations", files.locations()).ok();
        assertThat(clean.stdout()).contains("2 migration(s), without a database (tables of unknown size): 0 error(s)");

        files.migration(
                "V3__accounts.sql",
                "-- accounts is a lookup table of 12 rows\n"
                        + "-- migrator:allow index-not-concurrent 12 rows, takes milliseconds\n"
                        + "CREATE INDEX accounts_owner ON accounts (owner);\n"
                        + "ALTER TABLE accounts RENAME COLUMN owner TO holder;\n");
        Run text = Cli.create().run("lint", "--locations", files.locations()).exits(6);
        assertThat(text.stdout())
                .contains("V3 (V3__accounts.sql)  " + files.locations() + "/V3__accounts.sql")
                .contains("line 3: error index-not-concurrent (allowed: 12 rows, takes milliseconds)")
                .contains("line 4: error rename-column")
                .contains("\n    CREATE INDEX accounts_owner ON accounts (owner)\n")
                .contains("takes ACCESS EXCLUSIVE; blocks the previous build's queries on the old name")
                .contains("ALTER TABLE accounts ADD COLUMN holder <type>;")
                .contains("3 migration(s), without a database (tables of unknown size): 1 error(s), 0 warning(s)/info,"
                        + " 1 allowed. Exit 6.");

        JsonNode json = Cli.create()
                .run("lint", "--json", "--locations", files.locations())
                .exits(6)
                .json();
        JsonNode allowed = json.get("findings").get(0);
        assertThat(allowed.get("migration").asText()).isEqualTo("V3 (V3__accounts.sql)");
        assertThat(allowed.get("file").asText()).endsWith("V3__accounts.sql");
        assertThat(allowed.get("line").asInt()).isEqualTo(3);
        assertThat(allowed.get("rule").asText()).isEqualTo("index-not-concurrent");
        assertThat(allowed.get("severity").asText()).isEqualTo("error");
        assertThat(allowed.get("lock").asText()).isEqualTo("SHARE");
        assertThat(allowed.get("blocks").asText()).isEqualTo("writes, DDL");
        assertThat(allowed.get("message").asText()).contains("accounts");
        assertThat(allowed.get("fix").asText())
                .contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS accounts_owner ON accounts (owner);");
        assertThat(allowed.get("allowed").asText()).isEqualTo("12 rows, takes milliseconds");
        JsonNode rename = json.get("findings").get(1);
        assertThat(rename.get("rule").asText()).isEqualTo("rename-column");
        assertThat(rename.get("allowed").isNull()).isTrue();
        assertThat(json.get("summary").get("errors").asInt()).isEqualTo(1);
        assertThat(json.get("summary").get("allowed").asInt()).isEqualTo(1);
    }

    @Test
    void withADatabaseOnlyPendingMigrationsCountAndTheTableSizeRanksTheSeverity() {
        files.migration(
                "V3__jobs_priority.sql",
                "ALTER TABLE jobs ADD COLUMN priority int;\n\n" + "CREATE INDEX jobs_priority ON jobs (priority);\n");
        try (TestDatabase db = new TestDatabase()) {
            Cli cli = db.cli().env(files.env());
            cli.run("upgrade", "--target", "2", "--extensions", "none").ok();

            Run small = cli.run("lint").ok();
            assertThat(small.stdout())
                    .contains("V3 (V3__jobs_priority.sql)")
                    .contains("line 3: warning index-not-concurrent")
                    .contains("1 pending migration(s), table sizes from the database: 0 error(s), 1 warning(s)/info")
                    .doesNotContain("V2 (");

            db.execute("INSERT INTO jobs SELECT g, 'done' FROM generate_series(1, 20000) g");
            db.execute("ANALYZE jobs");
            JsonNode large = cli.run("lint", "--json").exits(6).json();
            JsonNode f = large.get("findings").get(0);
            assertThat(f.get("severity").asText()).isEqualTo("error");
            assertThat(f.get("line").asInt()).isEqualTo(3);
            assertThat(f.get("message").asText()).contains("about 20000 rows");
            assertThat(large.get("summary").get("database").asBoolean()).isTrue();

            Run traced = cli.run("lint", "--trace").exits(6);
            assertThat(traced.stdout())
                    .contains("line 3: error index-not-concurrent")
                    // The transaction holds ACCESS EXCLUSIVE on jobs since line 1: the index build only adds its own.
                    .contains("traced: ACCESS EXCLUSIVE on public.jobs_priority")
                    .contains("line 1: info traced-lock")
                    .contains("traced: ACCESS EXCLUSIVE on public.jobs\n")
                    .contains("Trace: 2 statement(s) traced on a scratch copy of the schema, rolled back.");
        }
    }

    @Test
    void traceWithoutADatabaseIsAUsageError() {
        Run run = Cli.create()
                .run("lint", "--trace", "--locations", files.locations())
                .exits(2);
        assertThat(run.stderr()).contains("--trace needs a database").contains("--url");
    }
}
