package io.lucidity.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lucidity.migrator.cli.support.Cli;
import io.lucidity.migrator.cli.support.Run;
import io.lucidity.migrator.cli.support.TestDatabase;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code check}: the pre-upgrade checklist with drain checks from migrator.properties and from code. */
class CheckIT {
    private final TestDatabase db = new TestDatabase();
    private final Cli cli = db.cli()
            .env(new MigrationFiles()
                    .migration("V1__create_jobs.sql", "CREATE TABLE jobs (id serial PRIMARY KEY, state text NOT NULL);")
                    .migration("V2__jobs_priority.sql", "ALTER TABLE jobs ADD COLUMN priority int;")
                    .env());

    @Test
    void checkExitsSixWhileADrainQueryFindsWorkInProgress() throws Exception {
        cli.run("upgrade", "--target", "1").ok();
        db.execute("INSERT INTO jobs (state) VALUES ('running'), ('done')");
        cli.localProperties("check.jobs-drained.sql=SELECT count(*) FROM jobs WHERE state NOT IN ('done', 'failed')\n");

        Run blocked = cli.run("check").exits(6);

        assertThat(blocked.stdout())
                .containsPattern("block\\s+jobs-drained\\s+returned 1 \\(must be 0 or no rows\\)")
                .containsPattern("pass\\s+connectivity")
                .containsPattern("pass\\s+migration lock\\s+free")
                .containsPattern("warn\\s+pending migrations\\s+1: V2 jobs priority")
                .contains("Not ready: 1 check(s) block the upgrade.");

        db.execute("UPDATE jobs SET state = 'done'");
        Run ready = cli.run("check").ok();

        assertThat(ready.stdout())
                .containsPattern("pass\\s+jobs-drained")
                .contains("Ready to upgrade: no check blocks.");
    }

    @Test
    void checkJsonExitsSixAndShowsTheBlockingCheckWhileADrainQueryFindsWorkInProgress() throws Exception {
        cli.run("upgrade", "--target", "1").ok();
        db.execute("INSERT INTO jobs (state) VALUES ('running'), ('done')");
        cli.localProperties("check.jobs-drained.sql=SELECT count(*) FROM jobs WHERE state NOT IN ('done', 'failed')\n");

        JsonNode blocked = cli.run("check", "--json").exits(6).json();

        assertThat(blocked.get("blocked").asBoolean()).isTrue();
        JsonNode drain = result(blocked, "jobs-drained");
        assertThat(drain.get("outcome").asText()).isEqualTo("BLOCK");
        assertThat(drain.get("detail").asText()).startsWith("returned 1 (must be 0 or no rows)");
        assertThat(result(blocked, "connectivity").get("outcome").asText()).isEqualTo("PASS");

        db.execute("UPDATE jobs SET state = 'done'");
        JsonNode ready = cli.run("check", "--json").ok().json();

        assertThat(ready.get("blocked").asBoolean()).isFalse();
        assertThat(result(ready, "jobs-drained").get("outcome").asText()).isEqualTo("PASS");
    }

    private static JsonNode result(JsonNode report, String name) {
        for (JsonNode r : report.get("results")) {
            if (name.equals(r.get("name").asText())) {
                return r;
            }
        }
        throw new AssertionError("no check named " + name + " in " + report);
    }

    @Test
    void checkRunsTheChecksContributedInCodeOnTheClassPath() throws Exception {
        cli.run("upgrade").ok();
        db.execute("INSERT INTO jobs (state) VALUES ('queued')");
        cli.classPath(Path.of(System.getProperty("migrator.testClasses")));

        Run blocked = cli.run("check").exits(6);

        assertThat(blocked.stdout()).containsPattern("block\\s+queue-depth\\s+1 job\\(s\\) queued");
        db.execute("DELETE FROM jobs");
        assertThat(cli.run("check").ok().stdout()).containsPattern("pass\\s+queue-depth\\s+no job queued");
    }
}
