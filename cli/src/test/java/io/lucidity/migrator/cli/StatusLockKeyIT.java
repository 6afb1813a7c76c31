package io.lucidity.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.cli.support.Cli;
import io.lucidity.migrator.cli.support.Run;
import io.lucidity.migrator.cli.support.TestDatabase;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** {@code status} shows the migration lock's key, the one another session sees in {@code pg_locks}. */
class StatusLockKeyIT {
    private final TestDatabase db = new TestDatabase();
    private final Cli cli = db.cli()
            .env(new MigrationFiles()
                    .migration("V1__t.sql", "CREATE TABLE t (id int);")
                    .env())
            .env("MIGRATOR_EXTENSIONS", "none");

    @Test
    void statusPrintsTheLockKeyInTextAndJsonAndItIsTheKeyAHolderTakes() throws Exception {
        long key = db.lockKey("public");

        Run free = cli.run("status").ok();
        assertThat(free.stdout()).containsPattern("(?m)^lock:\\s+free \\(key " + key + "\\)$");
        assertThat(cli.run("status", "--json").ok().json().get("lockKey").asLong())
                .isEqualTo(key);

        try (Connection holder = db.connect();
                Statement s = holder.createStatement()) {
            s.execute("SET application_name = 'deploy-job-42'; SELECT pg_advisory_lock(" + key + ")");
            Run held = cli.run("status").ok();
            assertThat(held.stdout())
                    .containsPattern(
                            "(?m)^lock:\\s+held by pid \\d+ \\(application 'deploy-job-42'.*\\(key " + key + "\\)$");
            // The query of docs/cli.md (status) finds the holder from the printed key.
            String pid = db.value("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = ((" + key
                    + " >> 32) & 4294967295)::oid AND objid = (" + key + " & 4294967295)::oid AND objsubid = 1");
            assertThat(held.stdout()).contains("held by pid " + pid + " ");
        }
    }
}
