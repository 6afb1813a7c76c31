package io.lucidity.migrator.reliability;

import static io.lucidity.migrator.reliability.ConcurrencyTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.UpgradeReport;
import io.lucidity.migrator.embedded.EmbeddedPostgres;
import io.lucidity.migrator.reliability.support.Cli;
import io.lucidity.migrator.reliability.support.Db;
import io.lucidity.migrator.reliability.support.Remedy;
import io.lucidity.migrator.reliability.support.UpgradeProcess;
import io.lucidity.migrator.reliability.support.Upgrades;
import io.lucidity.migrator.testsupport.ChildJvm;
import io.lucidity.migrator.testsupport.LockKey;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.Poll;
import io.lucidity.migrator.testsupport.TestServer;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL of the upgrading process at each kind of moment, and PostgreSQL restarted mid-upgrade. After each, the
 * next start must either complete correctly or refuse with the right code and a remedy that, followed as written
 * (the SQL it names, then the {@code migrator} command it names), lets the start after it complete correctly.
 */
class KillTest {
    private static final String VICTIM = "victim-instance";
    private static EmbeddedPostgres ownServer;

    @BeforeAll
    static void startOwnServer() {
        // Restarting the server must not disturb other tests' databases on the shared one.
        ownServer = TestServer.checked(TestServer.builder().start());
    }

    @AfterAll
    static void stopOwnServer() {
        if (ownServer != null) {
            ownServer.close();
        }
    }

    @Test
    void killedInsideATransactionalGroupTheNextStartAppliesTheWholeGroupOnce() throws Exception {
        try (Db db = new Db();
                MigrationFiles scripts = new MigrationFiles()) {
            scripts.migration("V1__log.sql", "CREATE TABLE ran_log (what text);")
                    .migration(
                            "V2__slow.sql",
                            "INSERT INTO ran_log VALUES ('V2');\nSELECT pg_sleep(3) /* victim-marker */;")
                    .migration("V3__more.sql", "CREATE TABLE more (id int);\nINSERT INTO ran_log VALUES ('V3');");
            killWhenRunning(db, scripts, "victim-marker");

            assertThat(db.exists("ran_log"))
                    .as("the killed group was rolled back")
                    .isFalse();
            String path = nextStartCompletes(db, scripts, "3");
            assertThat(db.column("SELECT what FROM ran_log ORDER BY 1")).containsExactly("V2", "V3");
            record("kill-transactional", path);
        }
    }

    @Test
    void killedDuringCreateIndexConcurrentlyOnALargeTableTheNextStartCompletesOrGivesAWorkingRemedy() throws Exception {
        try (Db db = new Db();
                MigrationFiles scripts = new MigrationFiles()) {
            largeTableWithSlowIndex(scripts);
            killWhenRunning(db, scripts, "CREATE INDEX CONCURRENTLY big_slow");
            // The server has not noticed the dead client: the build goes on, holding the migration lock until it ends.
            String path = nextStartCompletes(db, scripts, "3");
            assertIndexValid(db);
            record("kill-cic-backend-finishes", path);
        }
    }

    @Test
    void killedDuringCreateIndexConcurrentlyWithItsConnectionGoneTheRemedyDropsTheInvalidIndexAndWorks()
            throws Exception {
        try (Db db = new Db();
                MigrationFiles scripts = new MigrationFiles()) {
            largeTableWithSlowIndex(scripts);
            killWhenRunning(db, scripts, "CREATE INDEX CONCURRENTLY big_slow");
            // As when the server notices the lost connection (TCP keepalive, client_connection_check_interval).
            db.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + VICTIM + "'");
            Poll.until(
                    "the victim's backend to end",
                    Duration.ofSeconds(20),
                    () -> db.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + VICTIM + "'")
                            == 0);
            assertThat(db.value("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('big_slow')"))
                    .isEqualTo("f");

            String path = nextStartCompletes(db, scripts, "3");
            assertThat(path).as("an invalid index is refused as partial").startsWith("refused MIGRATOR-PARTIAL");
            assertIndexValid(db);
            record("kill-cic-connection-gone", path);
        }
    }

    @Test
    void killedDuringSeedsTheNextStartRunsTheUnfinishedSeedOnce() throws Exception {
        try (Db db = new Db();
                MigrationFiles scripts = new MigrationFiles()) {
            scripts.migration(
                            "V1__t.sql",
                            "CREATE TABLE settings (key text PRIMARY KEY, value text);\nCREATE TABLE seed_log (what text);")
                    .seed(
                            "01_settings.json",
                            "{\"table\": \"settings\", \"key\": [\"key\"], \"rows\": [{\"key\": \"a\", \"value\": \"1\"}]}")
                    .seed("02_slow.sql", "INSERT INTO seed_log VALUES ('02');\nSELECT pg_sleep(3) /* seed-marker */;")
                    .seed("03_after.sql", "INSERT INTO seed_log VALUES ('03');");
            killWhenRunning(db, scripts, "seed-marker");

            String path = nextStartCompletes(db, scripts, "1");
            assertThat(db.column("SELECT what FROM seed_log ORDER BY 1")).containsExactly("02", "03");
            assertThat(db.column("SELECT name FROM migrator_seed_journal ORDER BY 1"))
                    .containsExactly("01_settings.json", "02_slow.sql", "03_after.sql");
            assertThat(db.count("SELECT count(*) FROM settings")).isEqualTo(1);
            record("kill-seeds", path);
        }
    }

    @Test
    void killedWhileWaitingForTheLockLeavesNothingBehind() throws Exception {
        try (Db db = new Db();
                MigrationFiles scripts = new MigrationFiles()) {
            scripts.migration("V1__t.sql", "CREATE TABLE t (id int);");
            try (Connection holder = db.connect();
                    Statement s = holder.createStatement()) {
                s.execute(LockKey.lockSql("public"));
                try (ChildJvm.Child victim = Upgrades.start(Upgrades.env(db, scripts, VICTIM))) {
                    Poll.until(
                            "the victim to wait for the lock",
                            Duration.ofSeconds(60),
                            () -> db.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + VICTIM
                                            + "'")
                                    > 0);
                    Thread.sleep(1000);
                    victim.kill();
                }
                s.execute("SELECT pg_advisory_unlock_all()");
            }
            Poll.until(
                    "the victim's sessions to end",
                    Duration.ofSeconds(20),
                    () -> db.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + VICTIM + "'")
                            == 0);
            assertThat(db.exists("t")).isFalse();
            String path = nextStartCompletes(db, scripts, "1");
            assertThat(path).isEqualTo("completed");
            record("kill-waiting", path);
        }
    }

    @Test
    void postgresRestartedInsideATransactionalGroupTheNextStartCompletes() throws Exception {
        try (Db db = new Db(ownServer);
                MigrationFiles scripts = new MigrationFiles()) {
            scripts.migration("V1__log.sql", "CREATE TABLE ran_log (what text);")
                    .migration(
                            "V2__slow.sql",
                            "INSERT INTO ran_log VALUES ('V2');\nSELECT pg_sleep(20) /* restart-marker */;");
            ChildJvm.Finished interrupted = restartWhenRunning(db, scripts, "restart-marker");

            assertThat(interrupted.exitCode())
                    .as(interrupted.toString())
                    .isNotZero()
                    .isNotEqualTo(UpgradeProcess.UNEXPECTED);
            assertThat(interrupted.stdout()).startsWith("MIGRATOR-");
            assertThat(db.exists("ran_log")).isFalse();
            String path = nextStartCompletes(db, scripts, "2");
            assertThat(db.column("SELECT what FROM ran_log")).containsExactly("V2");
            record(
                    "restart-transactional",
                    "interrupted run: "
                            + interrupted.stdout().lines().findFirst().orElse("") + "; next: " + path);
        }
    }

    @Test
    void postgresRestartedDuringCreateIndexConcurrentlyTheNextStartCompletesOrGivesAWorkingRemedy() throws Exception {
        try (Db db = new Db(ownServer);
                MigrationFiles scripts = new MigrationFiles()) {
            largeTableWithSlowIndex(scripts);
            ChildJvm.Finished interrupted = restartWhenRunning(db, scripts, "CREATE INDEX CONCURRENTLY big_slow");

            assertThat(interrupted.exitCode())
                    .as(interrupted.toString())
                    .isNotZero()
                    .isNotEqualTo(UpgradeProcess.UNEXPECTED);
            assertThat(interrupted.stdout()).startsWith("MIGRATOR-");
            String path = nextStartCompletes(db, scripts, "3");
            assertIndexValid(db);
            record(
                    "restart-cic",
                    "interrupted run: "
                            + interrupted.stdout().lines().findFirst().orElse("") + "; next: " + path);
        }
    }

    /** V1: 200,000 rows; V2: an index whose expression sleeps 0.8 s for every 25,000th row (6.4 s); V3 after it. */
    private static void largeTableWithSlowIndex(MigrationFiles scripts) {
        scripts.migration("V1__big.sql", """
                CREATE TABLE big (id int PRIMARY KEY, payload text);
                INSERT INTO big SELECT g, md5(g::text) FROM generate_series(1, 200000) g;
                CREATE FUNCTION slow_key(i int) RETURNS int IMMUTABLE LANGUAGE plpgsql AS $$
                BEGIN
                  IF i % 25000 = 0 THEN PERFORM pg_sleep(0.8); END IF;
                  RETURN i;
                END $$;
                """)
                .migration("V2__slow_index.sql", "CREATE INDEX CONCURRENTLY big_slow ON big (slow_key(id));")
                .migration("V3__after.sql", "CREATE TABLE after_index (id int);");
    }

    private static void assertIndexValid(Db db) {
        assertThat(db.value("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('big_slow')"))
                .isEqualTo("t");
        assertThat(
                        db.count(
                                "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                                        + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT i.indisvalid AND n.nspname = 'public'"))
                .isZero();
        assertThat(db.exists("after_index")).isTrue();
        assertThat(db.appliedVersions()).containsExactly("1", "2", "3");
    }

    /** Starts an instance and SIGKILLs it once a query containing {@code marker} runs on its connection. */
    private static void killWhenRunning(Db db, MigrationFiles scripts, String marker) {
        try (ChildJvm.Child victim = Upgrades.start(Upgrades.env(db, scripts, VICTIM))) {
            awaitQuery(db, marker, victim);
            victim.kill();
        }
    }

    /** Starts an instance, restarts the server once a query containing {@code marker} runs; returns how the instance ended. */
    private static ChildJvm.Finished restartWhenRunning(Db db, MigrationFiles scripts, String marker) {
        Map<String, String> env = Upgrades.env(db, scripts, VICTIM);
        env.put("MIGRATOR_CONNECT_TIMEOUT", "5s");
        try (ChildJvm.Child victim = Upgrades.start(env)) {
            awaitQuery(db, marker, victim);
            ownServer.restart();
            return victim.await(Duration.ofMinutes(2));
        }
    }

    private static void awaitQuery(Db db, String marker, ChildJvm.Child victim) {
        Poll.until("`" + marker + "` to run", Duration.ofSeconds(90), () -> {
            if (!victim.isAlive()) {
                throw new AssertionError(
                        "the instance ended before `" + marker + "` ran:\n" + victim.stdout() + victim.stderr());
            }
            return db.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + VICTIM
                            + "' AND query LIKE '%" + marker + "%' AND state = 'active'")
                    > 0;
        });
    }

    /**
     * The next start, through the public API, with a lock timeout long enough for a build the server still runs:
     * it completes, or refuses with a remedy that is then followed; at most twice. Returns the path taken.
     */
    private static String nextStartCompletes(Db db, MigrationFiles scripts, String head) {
        List<String> path = new ArrayList<>();
        Map<String, String> cliEnv = new HashMap<>(Cli.env(db, scripts));
        for (int attempt = 0; attempt < 3; attempt++) {
            try (Migrator migrator =
                    db.configure(scripts).lockTimeout(Duration.ofSeconds(90)).load()) {
                UpgradeReport report = migrator.upgradeToHead();
                assertThat(report.toRevision()).isEqualTo(head);
                path.add("completed");
                try (Migrator again = db.configure(scripts).load()) {
                    assertThat(again.upgradeToHead().upToDate())
                            .as("a further start finds nothing to do")
                            .isTrue();
                }
                return String.join(" -> ", path);
            } catch (MigratorException e) {
                assertThat(e.code())
                        .as(e.getMessage())
                        .isIn(DiagnosticCode.PARTIAL_MIGRATION, DiagnosticCode.FAILED_MIGRATION);
                assertThat(e.remedy()).as(e.getMessage()).isNotBlank();
                path.add("refused " + e.code().code() + " (" + e.remedy() + ")");
                path.add("followed " + Remedy.follow(e.remedy(), db, cliEnv));
            }
        }
        throw new AssertionError("the start still fails after following the remedies: " + path);
    }
}
