package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lucidity.migrator.embedded.EmbeddedPostgres;
import io.lucidity.migrator.support.CapturedOutput;
import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.LockKey;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.Poll;
import io.lucidity.migrator.testsupport.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The migration lock in one process, each case with a real second session: {@code lockTimeout} for another holder of
 * the lock (named, with what a role may see of it), the wait (logged, never cut short by a statement timeout or by
 * {@code ddlLockTimeout}), {@code ddlLockTimeout} for a query blocking an {@code ALTER TABLE}, the loss of the session
 * lock before a commit, and many instances of one JVM racing for it. Separate processes racing for it are the
 * reliability module's {@code ConcurrencyTest}; the CLI's exit code and log lines, the cli module's {@code LockTimeoutIT}.
 */
class LockTest {
    private static final String LOCK_SQL = LockKey.lockSql("public");

    private final TestDb db = new TestDb();
    private final MigrationFiles dir = new MigrationFiles();
    /** Runs what a test waits for in the background (a blocking query, a waiting upgrade). */
    private final ExecutorService background = Executors.newCachedThreadPool();

    @AfterEach
    void cleanUp() throws Exception {
        background.shutdownNow();
        background.awaitTermination(10, TimeUnit.SECONDS);
        db.close();
        dir.close();
    }

    @Test
    void lockTimeoutNamesTheHolder() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        try (Connection holder = db.connect();
                Statement s = holder.createStatement()) {
            s.execute("SET application_name = 'orders-api-7f9c'");
            s.execute(LOCK_SQL);
            String pid = db.value("SELECT pid FROM pg_stat_activity WHERE application_name = 'orders-api-7f9c'");
            Duration lockTimeout = Duration.ofSeconds(2);
            try (Migrator migrator = db.configure(dir).lockTimeout(lockTimeout).load()) {
                long start = System.nanoTime();
                assertThatThrownBy(migrator::upgradeToHead).isInstanceOfSatisfying(LockTimeoutException.class, e -> {
                    assertThat(e.code()).isEqualTo(DiagnosticCode.LOCK_TIMEOUT);
                    assertThat(e.code().exitCode()).isEqualTo(3);
                    assertThat(e.facts())
                            .containsEntry("holder pid", pid)
                            .containsEntry("holder application", "orders-api-7f9c")
                            .containsKeys("holder client", "holder backend start", "holder state", "holder query");
                    assertThat(e.facts().get("holder query")).contains("pg_advisory_lock");
                    assertThat(e.remedy()).contains("pg_terminate_backend(" + pid + ")");
                    assertThat(e.getMessage()).startsWith("MIGRATOR-LOCK-TIMEOUT");
                });
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(took)
                        .as("refused within lockTimeout plus one second")
                        .isGreaterThanOrEqualTo(lockTimeout)
                        .isLessThan(lockTimeout.plusSeconds(1));
            }
        }
        assertThat(db.exists("t")).isFalse();
        assertThat(db.appliedVersions()).isEmpty();
    }

    @Test
    void lockTimeoutRefusesAfterTheTimeoutAndNotMuchLaterWhileTheHolderKeepsTheLock() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection holder = db.connect();
                Statement s = holder.createStatement()) {
            s.execute("SET application_name = 'long-deploy'");
            s.execute(LOCK_SQL);
            String pid = db.value("SELECT pid FROM pg_stat_activity WHERE application_name = 'long-deploy'");
            Duration lockTimeout = Duration.ofSeconds(2);
            try (Migrator migrator = db.configure(dir)
                    .lockTimeout(lockTimeout)
                    .lockLogInterval(Duration.ofMillis(200))
                    .load()) {
                long start = System.nanoTime();
                // Bounded from outside: a wait that ignored its deadline would otherwise hang the build, not fail it.
                Future<UpgradeReport> upgrade = pool.submit(migrator::upgradeToHead);
                assertThatThrownBy(() -> upgrade.get(10, TimeUnit.SECONDS))
                        .as("the upgrade must give up on its own within 10 s")
                        .isInstanceOf(java.util.concurrent.ExecutionException.class)
                        .cause()
                        .isInstanceOfSatisfying(MigratorException.class, e -> {
                            assertThat(e.code()).isEqualTo(DiagnosticCode.LOCK_TIMEOUT);
                            assertThat(e.getMessage()).startsWith("MIGRATOR-LOCK-TIMEOUT");
                            assertThat(e.facts())
                                    .containsEntry("holder pid", pid)
                                    .containsEntry("holder application", "long-deploy");
                        });
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(took).isGreaterThanOrEqualTo(lockTimeout).isLessThan(lockTimeout.plusSeconds(4));
            } finally {
                pool.shutdownNow();
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
        db.execute("CREATE ROLE " + holderRole + " LOGIN PASSWORD '" + holderPassword + "'; " + "CREATE ROLE "
                + migratorRole + " LOGIN PASSWORD '" + migratorPassword + "'");
        try (CapturedOutput output = CapturedOutput.start();
                Connection holder = DriverManager.getConnection(db.url(), holderRole, holderPassword);
                Statement s = holder.createStatement()) {
            s.execute("SET application_name = 'other-team-deployer'");
            s.execute(LOCK_SQL);
            String pid = db.value("SELECT pid FROM pg_stat_activity WHERE application_name = 'other-team-deployer'");
            String hidden =
                    "hidden from role " + migratorRole + " (GRANT pg_read_all_stats TO " + migratorRole + " shows it)";
            try (Migrator migrator = db.configure(dir)
                    .user(migratorRole)
                    .password(migratorPassword)
                    .lockTimeout(Duration.ofMillis(1500))
                    .lockLogInterval(Duration.ofMillis(300))
                    .load()) {
                assertThatThrownBy(migrator::upgradeToHead).isInstanceOfSatisfying(LockTimeoutException.class, e -> {
                    assertThat(e.code()).isEqualTo(DiagnosticCode.LOCK_TIMEOUT);
                    assertThat(e.facts())
                            .containsEntry("holder pid", pid)
                            .containsEntry("holder application", "other-team-deployer")
                            .containsEntry("holder user", holderRole)
                            .containsEntry("holder client", hidden)
                            .containsEntry("holder backend start", "hidden from role " + migratorRole)
                            .containsEntry("holder state", "hidden from role " + migratorRole)
                            .containsEntry("holder query", "hidden from role " + migratorRole);
                    assertThat(e.getMessage())
                            .contains("pg_read_all_stats", "pg_terminate_backend(" + pid + ")")
                            .doesNotContain(
                                    "null",
                                    "local socket",
                                    "<insufficient privilege>",
                                    holderPassword,
                                    migratorPassword);
                });
            }
            String waiting = output.text()
                    .lines()
                    .filter(line -> line.contains("Waiting"))
                    .findFirst()
                    .orElse("");
            assertThat(waiting)
                    .contains(
                            "for the migration lock",
                            "pid " + pid,
                            "user " + holderRole,
                            "hidden from role " + migratorRole,
                            "GRANT pg_read_all_stats TO " + migratorRole)
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
        ProcessBuilder psql = new ProcessBuilder(
                        server.binDirectory().resolve("psql").toString(),
                        "-X",
                        "-q",
                        "-h",
                        server.dataDirectory().toString(),
                        "-p",
                        Integer.toString(server.port()),
                        "-U",
                        server.user(),
                        "-d",
                        db.name(),
                        "-c",
                        LOCK_SQL + "; SELECT pg_sleep(60)")
                .redirectErrorStream(true);
        psql.environment().put("PGAPPNAME", "socket-holder");
        psql.environment().put("PGPASSWORD", server.password());
        Process holder = psql.start();
        try {
            waitUntil(() -> "1"
                    .equals(db.value("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
                            + "WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'socket-holder'")));
            try (Migrator migrator =
                    db.configure(dir).lockTimeout(Duration.ofMillis(500)).load()) {
                assertThatThrownBy(migrator::upgradeToHead).isInstanceOfSatisfying(LockTimeoutException.class, e -> {
                    assertThat(e.facts())
                            .containsEntry("holder application", "socket-holder")
                            .containsEntry("holder client", "local socket")
                            .containsEntry("holder state", "active");
                    assertThat(e.facts().get("holder query")).contains("pg_sleep(60)");
                });
            }
        } finally {
            db.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'socket-holder'");
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void waitingForTheLockIsLoggedNamingTheHolderAndProceedsWhenItIsReleased() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        try (CapturedOutput output = CapturedOutput.start();
                Connection holder = db.connect();
                Statement s = holder.createStatement()) {
            s.execute("SET application_name = 'slow-deployer'");
            s.execute(LOCK_SQL);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try (Migrator migrator = db.configure(dir)
                    .lockTimeout(Duration.ofSeconds(20))
                    .lockLogInterval(Duration.ofMillis(300))
                    .load()) {
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
            assertThat(output.text())
                    .contains("Waiting")
                    .contains("for the migration lock")
                    .contains("slow-deployer");
        }
    }

    @Test
    void aStatementTimeoutShorterThanTheWaitDoesNotCutTheWaitForTheLockShort() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        String url = db.url() + (db.url().contains("?") ? "&" : "?") + "options=-c%20statement_timeout%3D300";
        try (Connection holder = db.connect();
                Statement s = holder.createStatement()) {
            s.execute(LOCK_SQL);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try (Migrator migrator = db.configure(dir)
                    .url(url)
                    .lockTimeout(Duration.ofSeconds(20))
                    .load()) {
                Future<UpgradeReport> upgrade = pool.submit(migrator::upgradeToHead);
                Thread.sleep(1000);
                assertThat(upgrade.isDone())
                        .as("still waiting after three statement timeouts")
                        .isFalse();
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
        try (Migrator first =
                        db.configure(dir).applicationName("first-instance").load();
                Migrator second = db.configure(dir)
                        .applicationName("second-instance")
                        .lockTimeout(Duration.ofSeconds(1))
                        .load()) {
            Future<UpgradeReport> running = pool.submit(first::upgradeToHead);
            waitUntil(() -> db.value(
                            "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(4)%' AND pid <> pg_backend_pid()")
                    .equals("1"));
            assertThatThrownBy(second::upgradeToHead).isInstanceOfSatisfying(LockTimeoutException.class, e -> {
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
            assertThat(db.value("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"))
                    .isEqualTo("0");
            dir.migration("V1__broken.sql", "CREATE TABLE t (id int);");
            try (Migrator fixed =
                    db.configure(dir).lockTimeout(Duration.ofSeconds(1)).load()) {
                assertThat(fixed.upgradeToHead().toRevision()).isEqualTo("1");
            }
        }
    }

    @Test
    void aMigrationBatchWhoseSessionLostTheLockIsRolledBackWithLockLost() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeToHead();
        }
        // What a transaction-pooling PgBouncer does to a session lock: the session the batch runs on no longer holds
        // it when the batch is about to commit. No seed follows, so the commit is the only point the loss can be seen.
        dir.migration("V2__u.sql", "CREATE TABLE u (id int);");
        dir.migration("V3__pooled.sql", "SELECT pg_advisory_unlock_all();\nINSERT INTO t VALUES (1);");
        try (Migrator migrator = db.configure(dir).load()) {
            assertThatThrownBy(migrator::upgradeToHead).isInstanceOfSatisfying(MigratorException.class, e -> {
                assertThat(e.code()).isEqualTo(DiagnosticCode.LOCK_LOST);
                assertThat(e.code().exitCode()).isEqualTo(4);
                assertThat(e.getMessage()).startsWith("MIGRATOR-LOCK-LOST");
            });
        }
        assertThat(db.exists("u")).isFalse();
        assertThat(db.value("SELECT count(*) FROM t")).isEqualTo("0");
        assertThat(db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
                .containsExactly("1");
    }

    @Test
    void aNonTransactionalMigrationWhoseSessionLostTheLockEndsWithLockLostAndIsNotRecordedAsApplied() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeToHead();
        }
        // CONCURRENTLY makes the script run alone, statement by statement outside a transaction; then the session
        // loses the lock. Recording the step as applied is the commit the lock check must guard.
        dir.migration(
                "V2__index.sql", "CREATE INDEX CONCURRENTLY t_id_idx ON t (id);\nSELECT pg_advisory_unlock_all();");
        try (Migrator migrator = db.configure(dir).load()) {
            assertThatThrownBy(migrator::upgradeToHead).isInstanceOfSatisfying(MigratorException.class, e -> {
                assertThat(e.code()).isEqualTo(DiagnosticCode.LOCK_LOST);
                assertThat(e.code().exitCode()).isEqualTo(4);
                assertThat(e.getMessage()).startsWith("MIGRATOR-LOCK-LOST");
            });
        }
        assertThat(db.column("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                .containsExactly("1");
    }

    @Test
    void sixteenInstancesStartingAtOnceApplyEachMigrationAndSeedExactlyOnce() throws Exception {
        for (int i = 1; i <= 20; i++) {
            dir.migration(
                    "V" + i + "__t" + i + ".sql",
                    "CREATE TABLE t" + i + " (id int);\nINSERT INTO t" + i + " VALUES (" + i + ");");
        }
        dir.migration("V21__index.sql", "CREATE INDEX CONCURRENTLY t1_id_idx ON t1 (id);");
        dir.seed(
                "01_counter.sql",
                "CREATE TABLE IF NOT EXISTS seed_runs (at timestamptz DEFAULT now());\nINSERT INTO seed_runs DEFAULT VALUES;");
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
        assertThat(db.value("SELECT count(DISTINCT version) FROM flyway_schema_history"))
                .isEqualTo("21");
        assertThat(db.value("SELECT count(*) FROM seed_runs")).isEqualTo("1");
        assertThat(db.value("SELECT count(*) FROM t7")).isEqualTo("1");
    }

    @Test
    void aQueryBlockingAnAlterTableGivesTheDdlLockTimeoutNamingTheBlocker() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int); INSERT INTO t VALUES (1);");
        upgrade(Duration.ofSeconds(10));
        dir.migration("V2__add_column.sql", "CREATE TABLE side (id int);\nALTER TABLE t ADD COLUMN c int;");
        try (Connection blocker = db.connect();
                Statement s = blocker.createStatement()) {
            s.execute("SET application_name = 'nightly-report'");
            Future<?> longQuery = background.submit(() -> {
                s.execute("SELECT pg_sleep(60) FROM t");
                return null;
            });
            Poll.until(
                    "the report query to run",
                    Duration.ofSeconds(10),
                    () -> db.value("SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(60) FROM t%'")
                            != null);
            String blockerPid = db.value("SELECT pid FROM pg_stat_activity WHERE application_name = 'nightly-report'");
            String before = db.snapshot();

            try (Migrator migrator =
                    db.configure(dir).ddlLockTimeout(Duration.ofMillis(800)).load()) {
                long start = System.nanoTime();
                MigrationFailedException e =
                        catchThrowableOfType(MigrationFailedException.class, migrator::upgradeToHead);

                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
                assertThat(e.code()).isEqualTo(DiagnosticCode.DDL_LOCK_TIMEOUT);
                assertThat(e.getMessage()).contains(blockerPid, "pg_sleep(60)", "ALTER TABLE t ADD COLUMN c int");
                assertThat(e.remedy()).isNotBlank();
            } finally {
                s.cancel();
                try {
                    longQuery.get(10, TimeUnit.SECONDS);
                } catch (Exception cancelled) {
                    // the report query was cancelled: expected
                }
            }
            assertThat(db.snapshot()).isEqualTo(before);
            assertThat(db.appliedVersions()).containsExactly("1");
        }
        assertThat(upgrade(Duration.ofSeconds(10)).toRevision())
                .as("once the blocker is gone")
                .isEqualTo("2");
    }

    @Test
    void ddlLockTimeoutNeverShortensTheWaitForTheMigrationLock() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        try (Connection holder = db.connect();
                Statement s = holder.createStatement()) {
            s.execute("SET application_name = 'other-instance'");
            s.execute(LOCK_SQL);
            try (Migrator migrator = db.configure(dir)
                    .ddlLockTimeout(Duration.ofMillis(300))
                    .lockTimeout(Duration.ofSeconds(30))
                    .load()) {
                CompletableFuture<UpgradeReport> upgrade =
                        CompletableFuture.supplyAsync(migrator::upgradeToHead, background);
                Thread.sleep(2500);
                assertThat(upgrade)
                        .as("still waiting, long after ddlLockTimeout")
                        .isNotDone();
                s.execute("SELECT pg_advisory_unlock_all()");
                UpgradeReport report = upgrade.get(30, TimeUnit.SECONDS);

                assertThat(report.toRevision()).isEqualTo("1");
                assertThat(report.lockWait()).isGreaterThan(Duration.ofSeconds(2));
            }
        }
        assertThat(db.exists("t")).isTrue();
    }

    @Test
    void aSessionThatLostTheLockBeforeCommitIsRefusedAndRolledBack() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        upgrade(Duration.ofSeconds(10));
        // What a transaction-pooling PgBouncer does to a session lock: the session the migration runs on no longer
        // holds it.
        dir.migration(
                "V2__pooled.sql",
                "CREATE TABLE u (id int);\nSELECT pg_advisory_unlock_all();\nINSERT INTO t VALUES (1);");
        String before = db.snapshot();
        try (Migrator migrator = db.configure(dir).load()) {
            MigratorException e = catchThrowableOfType(MigratorException.class, migrator::upgradeToHead);

            assertThat(e.code()).isEqualTo(DiagnosticCode.LOCK_LOST);
            assertThat(e.code().exitCode()).isEqualTo(4);
            assertThat(e.remedy()).contains("migrationUrl(..)");
        }
        assertThat(db.snapshot()).isEqualTo(before);
        assertThat(db.exists("u")).isFalse();
    }

    @Test
    void aSeedSessionThatLostTheLockBeforeCommitIsRefusedAndRolledBack() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        upgrade(Duration.ofSeconds(10));
        // Seeds run "under the same lock" and commit one by one: each commit is a point where the loss can be seen.
        dir.seed("01_pooled.sql", "SELECT pg_advisory_unlock_all();\nINSERT INTO t VALUES (42);");
        String before = db.snapshot();
        try (Migrator migrator = db.configure(dir).load()) {
            MigratorException e = catchThrowableOfType(MigratorException.class, migrator::upgradeToHead);

            assertThat(e).as("a seed committed without the migration lock").isNotNull();
            assertThat(e.code()).isEqualTo(DiagnosticCode.LOCK_LOST);
        }
        assertThat(db.snapshot()).isEqualTo(before);
        assertThat(db.count("SELECT count(*) FROM t")).isZero();
    }

    private UpgradeReport upgrade(Duration ddlLockTimeout) {
        try (Migrator migrator =
                db.configure(dir).ddlLockTimeout(ddlLockTimeout).load()) {
            return migrator.upgradeToHead();
        }
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
