package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lucidity.migrator.embedded.EmbeddedPostgres;
import io.lucidity.migrator.support.CapturedOutput;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.TestServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LockTest {
    private static final String LOCK_SQL =
            "SELECT pg_advisory_lock(hashtextextended('io.lucidity.migrator:' || current_database() || ':public', 0))";

    private final TestDb db = new TestDb();
    private final MigrationFiles dir = new MigrationFiles();

    @AfterEach
    void cleanUp() {
        db.close();
        dir.close();
    }

    @Test
    void lockTimeoutNamesTheHolder() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            s.execute("SET application_name = 'orders-api-7f9c'");
            s.execute(LOCK_SQL);
            String pid = db.value("SELECT pid FROM pg_stat_activity WHERE application_name = 'orders-api-7f9c'");
            try (Migrator migrator = db.configure(dir).lockTimeout(Duration.ofSeconds(1)).load()) {
                long start = System.nanoTime();
                assertThatThrownBy(migrator::upgradeToHead)
                        .isInstanceOfSatisfying(LockTimeoutException.class, e -> {
                            assertThat(e.code()).isEqualTo(DiagnosticCode.LOCK_TIMEOUT);
                            assertThat(e.code().exitCode()).isEqualTo(3);
                            assertThat(e.facts()).containsEntry("holder pid", pid)
                                    .containsEntry("holder application", "orders-api-7f9c")
                                    .containsKeys("holder client", "holder backend start", "holder state", "holder query");
                            assertThat(e.facts().get("holder query")).contains("pg_advisory_lock");
                            assertThat(e.remedy()).contains("pg_terminate_backend(" + pid + ")");
                            assertThat(e.getMessage()).startsWith("MIGRATOR-LOCK-TIMEOUT");
                        });
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            }
        }
        assertThat(db.exists("t")).isFalse();
    }

    @Test
    void anUnprivilegedRoleIsToldTheHoldersFactsAreHiddenAndWhichGrantShowsThem() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        String suffix = Long.toString(System.nanoTime(), 36);
        String holderRole = "lock_holder_" + suffix;
        String migratorRole = "app_migrator_" + suffix;
        String holderPassword = "hp-" + UUID.randomUUID();
        String migratorPassword = "mp-" + UUID.randomUUID();
        db.execute("CREATE ROLE " + holderRole + " LOGIN PASSWORD '" + holderPassword + "'; "
                + "CREATE ROLE " + migratorRole + " LOGIN PASSWORD '" + migratorPassword + "'");
        try (CapturedOutput output = CapturedOutput.start();
             Connection holder = DriverManager.getConnection(db.url(), holderRole, holderPassword);
             Statement s = holder.createStatement()) {
            s.execute("SET application_name = 'other-team-deployer'");
            s.execute(LOCK_SQL);
            String pid = db.value("SELECT pid FROM pg_stat_activity WHERE application_name = 'other-team-deployer'");
            String hidden = "hidden from role " + migratorRole + " (GRANT pg_read_all_stats TO " + migratorRole + " shows it)";
            try (Migrator migrator = db.configure(dir).user(migratorRole).password(migratorPassword)
                    .lockTimeout(Duration.ofMillis(1500)).lockLogInterval(Duration.ofMillis(300)).load()) {
                assertThatThrownBy(migrator::upgradeToHead)
                        .isInstanceOfSatisfying(LockTimeoutException.class, e -> {
                            assertThat(e.code()).isEqualTo(DiagnosticCode.LOCK_TIMEOUT);
                            assertThat(e.facts()).containsEntry("holder pid", pid)
                                    .containsEntry("holder application", "other-team-deployer")
                                    .containsEntry("holder user", holderRole)
                                    .containsEntry("holder client", hidden)
                                    .containsEntry("holder backend start", "hidden from role " + migratorRole)
                                    .containsEntry("holder state", "hidden from role " + migratorRole)
                                    .containsEntry("holder query", "hidden from role " + migratorRole);
                            assertThat(e.getMessage()).contains("pg_read_all_stats", "pg_terminate_backend(" + pid + ")")
                                    .doesNotContain("null", "local socket", "<insufficient privilege>",
                                            holderPassword, migratorPassword);
                        });
            }
            String waiting = output.text().lines().filter(line -> line.contains("Waiting")).findFirst().orElse("");
            assertThat(waiting).contains("for the migration lock", "pid " + pid, "user " + holderRole,
                    "hidden from role " + migratorRole, "GRANT pg_read_all_stats TO " + migratorRole)
                    .doesNotContain("null", "local socket");
        } finally {
            db.execute("DROP ROLE IF EXISTS " + holderRole + "; DROP ROLE IF EXISTS " + migratorRole);
        }
        assertThat(db.exists("t")).isFalse();
    }

    @Test
    void aHolderConnectedThroughTheLocalSocketIsNamedAsSuch() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        EmbeddedPostgres server = TestServer.shared();
        ProcessBuilder psql = new ProcessBuilder(server.binDirectory().resolve("psql").toString(), "-X", "-q",
                "-h", server.dataDirectory().toString(), "-p", Integer.toString(server.port()), "-U", server.user(),
                "-d", db.name(), "-c", LOCK_SQL + "; SELECT pg_sleep(60)").redirectErrorStream(true);
        psql.environment().put("PGAPPNAME", "socket-holder");
        psql.environment().put("PGPASSWORD", server.password());
        Process holder = psql.start();
        try {
            waitUntil(() -> "1".equals(db.value("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
                    + "WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'socket-holder'")));
            try (Migrator migrator = db.configure(dir).lockTimeout(Duration.ofMillis(500)).load()) {
                assertThatThrownBy(migrator::upgradeToHead)
                        .isInstanceOfSatisfying(LockTimeoutException.class, e -> {
                            assertThat(e.facts()).containsEntry("holder application", "socket-holder")
                                    .containsEntry("holder client", "local socket")
                                    .containsEntry("holder state", "active");
                            assertThat(e.facts().get("holder query")).contains("pg_sleep(60)");
                        });
            }
        } finally {
            db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'socket-holder'");
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void waitingForTheLockIsLoggedNamingTheHolderAndProceedsWhenItIsReleased() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        try (CapturedOutput output = CapturedOutput.start(); Connection holder = db.connect(); Statement s = holder.createStatement()) {
            s.execute("SET application_name = 'slow-deployer'");
            s.execute(LOCK_SQL);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try (Migrator migrator = db.configure(dir).lockTimeout(Duration.ofSeconds(20))
                    .lockLogInterval(Duration.ofMillis(300)).load()) {
                Future<UpgradeReport> upgrade = pool.submit(migrator::upgradeToHead);
                Thread.sleep(1200);
                assertThat(upgrade.isDone()).isFalse();
                s.execute("SELECT pg_advisory_unlock_all()");
                UpgradeReport report = upgrade.get(20, TimeUnit.SECONDS);
                assertThat(report.toRevision()).isEqualTo("1");
                // Held 1.2 s from the submit; what precedes the wait (connecting, the session, the probe) may take a
                // few hundred ms on a busy machine.
                assertThat(report.lockWait()).isGreaterThan(Duration.ofMillis(600));
            } finally {
                pool.shutdownNow();
            }
            assertThat(output.text()).contains("Waiting").contains("for the migration lock").contains("slow-deployer");
        }
    }

    @Test
    void aStatementTimeoutShorterThanTheWaitDoesNotCutTheWaitForTheLockShort() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        String url = db.url() + (db.url().contains("?") ? "&" : "?") + "options=-c%20statement_timeout%3D300";
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            s.execute(LOCK_SQL);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try (Migrator migrator = db.configure(dir).url(url).lockTimeout(Duration.ofSeconds(20)).load()) {
                Future<UpgradeReport> upgrade = pool.submit(migrator::upgradeToHead);
                Thread.sleep(1000);
                assertThat(upgrade.isDone()).as("still waiting after three statement timeouts").isFalse();
                s.execute("SELECT pg_advisory_unlock_all()");
                UpgradeReport report = upgrade.get(20, TimeUnit.SECONDS);
                assertThat(report.toRevision()).isEqualTo("1");
                // Cut short by the first statement timeout it would be about 300 ms; the margin leaves room for the
                // connection set-up (session, bookkeeping check, probe) that precedes the wait on a busy machine.
                assertThat(report.lockWait()).isGreaterThan(Duration.ofMillis(500));
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(db.exists("t")).isTrue();
    }

    @Test
    void aSlowMigrationMakesASecondInstanceTimeOutNamingTheFirst() throws Exception {
        dir.migration("V1__slow.sql", "CREATE TABLE t (id int);\nSELECT pg_sleep(4);");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Migrator first = db.configure(dir).applicationName("first-instance").load();
             Migrator second = db.configure(dir).applicationName("second-instance").lockTimeout(Duration.ofSeconds(1)).load()) {
            Future<UpgradeReport> running = pool.submit(first::upgradeToHead);
            waitUntil(() -> db.value("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(4)%' AND pid <> pg_backend_pid()").equals("1"));
            assertThatThrownBy(second::upgradeToHead)
                    .isInstanceOfSatisfying(LockTimeoutException.class, e -> {
                        assertThat(e.facts()).containsEntry("holder application", "first-instance");
                        assertThat(e.facts().get("holder query")).contains("pg_sleep(4)");
                    });
            assertThat(running.get(30, TimeUnit.SECONDS).toRevision()).isEqualTo("1");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theLockIsReleasedAfterAFailedUpgrade() throws Exception {
        dir.migration("V1__broken.sql", "CREATE TABLE t (id int);\nSELECT 1/0;");
        try (Migrator migrator = db.configure(dir).load()) {
            assertThatThrownBy(migrator::upgradeToHead).isInstanceOf(MigrationFailedException.class);
            assertThat(db.value("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).isEqualTo("0");
            dir.migration("V1__broken.sql", "CREATE TABLE t (id int);");
            try (Migrator fixed = db.configure(dir).lockTimeout(Duration.ofSeconds(1)).load()) {
                assertThat(fixed.upgradeToHead().toRevision()).isEqualTo("1");
            }
        }
    }

    @Test
    void sixteenInstancesStartingAtOnceApplyEachMigrationAndSeedExactlyOnce() throws Exception {
        for (int i = 1; i <= 20; i++) {
            dir.migration("V" + i + "__t" + i + ".sql", "CREATE TABLE t" + i + " (id int);\nINSERT INTO t" + i + " VALUES (" + i + ");");
        }
        dir.migration("V21__index.sql", "CREATE INDEX CONCURRENTLY t1_id_idx ON t1 (id);");
        dir.seed("01_counter.sql", "CREATE TABLE IF NOT EXISTS seed_runs (at timestamptz DEFAULT now());\nINSERT INTO seed_runs DEFAULT VALUES;");
        int instances = 16;
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<UpgradeReport>> results = new ArrayList<>();
        List<Migrator> migrators = new ArrayList<>();
        try {
            for (int i = 0; i < instances; i++) {
                Migrator m = db.configure(dir).applicationName("instance-" + i).load();
                migrators.add(m);
                Callable<UpgradeReport> boot = () -> {
                    start.await();
                    return m.upgradeToHead();
                };
                results.add(pool.submit(boot));
            }
            start.countDown();
            int applied = 0;
            for (Future<UpgradeReport> f : results) {
                UpgradeReport report = f.get(60, TimeUnit.SECONDS);
                assertThat(report.toRevision()).isEqualTo("21");
                applied += report.migrations().size();
            }
            assertThat(applied).isEqualTo(21);
        } finally {
            pool.shutdownNow();
            migrators.forEach(Migrator::close);
        }
        assertThat(db.value("SELECT count(*) FROM flyway_schema_history")).isEqualTo("21");
        assertThat(db.value("SELECT count(DISTINCT version) FROM flyway_schema_history")).isEqualTo("21");
        assertThat(db.value("SELECT count(*) FROM seed_runs")).isEqualTo("1");
        assertThat(db.value("SELECT count(*) FROM t7")).isEqualTo("1");
    }

    @Test
    void separateProcessesStartingAtOnceApplyEachMigrationExactlyOnce() throws Exception {
        for (int i = 1; i <= 10; i++) {
            dir.migration("V" + i + "__t" + i + ".sql", "CREATE TABLE t" + i + " (id int);\nINSERT INTO t" + i + " VALUES (" + i + ");");
        }
        dir.seed("01_counter.sql", "CREATE TABLE IF NOT EXISTS seed_runs (at timestamptz DEFAULT now());\nINSERT INTO seed_runs DEFAULT VALUES;");
        List<Process> processes = new ArrayList<>();
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        for (int i = 0; i < 6; i++) {
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "io.lucidity.migrator.support.UpgradeMain", db.url(), TestServer.shared().user(), dir.locations(), dir.seeds());
            pb.environment().put("MIGRATOR_PASSWORD", TestServer.shared().password());
            if (!TestServer.vector()) {
                pb.environment().put("MIGRATOR_EXTENSIONS", "none");
            }
            pb.redirectErrorStream(true);
            processes.add(pb.start());
        }
        for (Process p : processes) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("revision 10");
        }
        assertThat(db.value("SELECT count(*) FROM flyway_schema_history")).isEqualTo("10");
        assertThat(db.value("SELECT count(*) FROM seed_runs")).isEqualTo("1");
    }

    private static void waitUntil(Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 20 s");
            }
            Thread.sleep(50);
        }
    }

    private interface Check {
        boolean ok() throws Exception;
    }
}
