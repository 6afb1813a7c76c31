package io.lucidity.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.cli.support.Cli;
import io.lucidity.migrator.cli.support.Run;
import io.lucidity.migrator.cli.support.TestDatabase;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Another session holding the migration lock: exit 3 within {@code --lock-timeout}, naming the holder, the wait logged
 * every {@code lock-log-interval}. (The lock itself is core's {@code LockTest}.)
 */
class LockTimeoutIT {
    private final TestDatabase db = new TestDatabase();

    @Test
    void upgradeExitsThreeWithinItsLockTimeoutNamingTheHolder() throws Exception {
        Cli cli = db.cli()
                .env(new MigrationFiles()
                        .migration("V1__create_a.sql", "CREATE TABLE a (id int);")
                        .env());
        long key = db.lockKey("public");
        try (Connection holder = db.connect();
                Statement s = holder.createStatement()) {
            s.execute("SET application_name = 'stuck-deploy'");
            s.execute("SELECT pg_advisory_lock(" + key + ")");
            int pid = pid(s);

            Run upgrade = cli.run("upgrade", "--lock-timeout", "2s").exits(3);

            assertThat(upgrade.stderr())
                    .contains(
                            "MIGRATOR-LOCK-TIMEOUT",
                            "waited: 2000 ms (lock-timeout)",
                            "holder pid: " + pid,
                            "holder application: stuck-deploy",
                            "SELECT pg_terminate_backend(" + pid + ");");
            assertThat(upgrade.took())
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(2))
                    .isLessThan(Duration.ofSeconds(30));
            assertThat(db.exists("a")).isFalse();

            assertThat(cli.run("status").ok().stdout())
                    .contains("lock:       held by pid " + pid + " (application 'stuck-deploy'");
            Run check = cli.run("check").exits(6);
            assertThat(check.stdout()).containsPattern("block\\s+migration lock\\s+held by pid " + pid);
        }
        cli.run("upgrade", "--lock-timeout", "2s").ok();
        assertThat(db.exists("a")).isTrue();
    }

    @Test
    void theCliRefusesWithExitThreeLogsTheWaitAndNamesTheHolder() throws Exception {
        Cli cli = db.cli()
                .env(new MigrationFiles()
                        .migration("V1__t.sql", "CREATE TABLE t (id int);")
                        .env())
                .env("MIGRATOR_LOCK_LOG_INTERVAL", "1s");
        try (Connection holder = db.connect();
                Statement s = holder.createStatement()) {
            s.execute("SET application_name = 'stuck-deploy'");
            s.execute("SELECT pg_advisory_lock(" + db.lockKey("public") + ")");
            String pid = db.value("SELECT pid FROM pg_stat_activity WHERE application_name = 'stuck-deploy'");

            Run run = cli.run("upgrade", "--lock-timeout", "3s").exits(3);

            assertThat(run.stderr())
                    .contains(
                            "MIGRATOR-LOCK-TIMEOUT",
                            "holder pid: " + pid,
                            "stuck-deploy",
                            "pg_terminate_backend(" + pid + ")");
            assertThat(run.stderr().lines().filter(l -> l.contains("Waiting") && l.contains(pid)))
                    .as(run.stderr())
                    .hasSizeGreaterThanOrEqualTo(2);
            assertThat(db.exists("t")).isFalse();
        }
    }

    @Test
    void aRunningUpgradeMakesASecondOneExitThree() throws Exception {
        Cli cli = db.cli()
                .env(new MigrationFiles()
                        .migration("V1__slow.sql", "SELECT pg_sleep(6);\nCREATE TABLE slow (id int);")
                        .env());
        Process first = cli.start("upgrade");
        try {
            awaitLockTaken(Duration.ofSeconds(60));

            Run second = cli.run("upgrade", "--lock-timeout", "1s").exits(3);

            assertThat(second.stderr()).contains("MIGRATOR-LOCK-TIMEOUT", "holder application: migrator-cli");
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).isZero();
        } finally {
            first.destroyForcibly();
        }
        assertThat(db.exists("slow")).isTrue();
        assertThat(cli.run("current").ok().stdout()).isEqualTo("1\n");
    }

    private void awaitLockTaken(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!"0"
                    .equals(db.value("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                            + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the first upgrade did not take the migration lock within " + timeout);
    }

    private static int pid(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
