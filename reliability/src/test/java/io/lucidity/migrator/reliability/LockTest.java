package io.lucidity.migrator.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lucidity.migrator.DdlLockTimeoutException;
import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.LockLostException;
import io.lucidity.migrator.LockTimeoutException;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.UpgradeReport;
import io.lucidity.migrator.reliability.support.Cli;
import io.lucidity.migrator.reliability.support.Db;
import io.lucidity.migrator.testsupport.ChildJvm;
import io.lucidity.migrator.testsupport.Poll;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The two lock settings, each with a real second session: {@code lockTimeout} for another holder of the migration
 * lock, {@code ddlLockTimeout} for a query blocking an {@code ALTER TABLE}, and the loss of the session lock.
 */
class LockTest {
    /** The migration lock of schema public, taken as the README documents its key. */
    static final String LOCK_SQL =
            "SELECT pg_advisory_lock(hashtextextended('io.lucidity.migrator:' || current_database() || ':' || 'public', 0))";

    private final Db db = new Db();
    private final MigrationFiles scripts = new MigrationFiles();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void cleanUp() throws Exception {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        scripts.close();
        db.close();
    }

    @Test
    void lockHeldByAnotherSessionIsRefusedWithinLockTimeoutPlusOneSecondNamingIt() throws Exception {
        scripts.migration("V1__t.sql", "CREATE TABLE t (id int);");
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            s.execute("SET application_name = 'deploy-job-42'");
            s.execute(LOCK_SQL);
            String pid = db.value("SELECT pid FROM pg_stat_activity WHERE application_name = 'deploy-job-42'");
            Duration lockTimeout = Duration.ofSeconds(2);
            try (Migrator migrator = db.configure(scripts).lockTimeout(lockTimeout).load()) {
                long start = System.nanoTime();
                LockTimeoutException e = catchThrowableOfType(LockTimeoutException.class, migrator::upgradeToHead);
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(took).isGreaterThanOrEqualTo(lockTimeout).isLessThan(lockTimeout.plusSeconds(1));
                assertThat(e.code()).isEqualTo(DiagnosticCode.LOCK_TIMEOUT);
                assertThat(e.facts()).containsEntry("holder pid", pid).containsEntry("holder application", "deploy-job-42");
                assertThat(e.facts().get("holder query")).contains("pg_advisory_lock");
                assertThat(e.remedy()).contains("pg_terminate_backend(" + pid + ")");
            }
            assertThat(db.exists("t")).isFalse();
            assertThat(db.appliedVersions()).isEmpty();
        }
    }

    @Test
    void theCliRefusesWithExitThreeLogsTheWaitAndNamesTheHolder() throws Exception {
        scripts.migration("V1__t.sql", "CREATE TABLE t (id int);");
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            s.execute("SET application_name = 'stuck-deploy'");
            s.execute(LOCK_SQL);
            String pid = db.value("SELECT pid FROM pg_stat_activity WHERE application_name = 'stuck-deploy'");
            Map<String, String> env = new HashMap<>(Cli.env(db, scripts));
            env.put("MIGRATOR_LOCK_LOG_INTERVAL", "1s");

            ChildJvm.Finished run = Cli.run(env, "upgrade", "--lock-timeout", "3s");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
            assertThat(run.stderr()).contains("MIGRATOR-LOCK-TIMEOUT", "holder pid: " + pid, "stuck-deploy",
                    "pg_terminate_backend(" + pid + ")");
            assertThat(run.stderr().lines().filter(l -> l.contains("Waiting") && l.contains(pid))).as(run.stderr()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(db.exists("t")).isFalse();
        }
    }

    @Test
    void aQueryBlockingAnAlterTableGivesTheDdlLockTimeoutNamingTheBlocker() throws Exception {
        scripts.migration("V1__t.sql", "CREATE TABLE t (id int); INSERT INTO t VALUES (1);");
        upgrade(Duration.ofSeconds(10));
        scripts.migration("V2__add_column.sql", "CREATE TABLE side (id int);\nALTER TABLE t ADD COLUMN c int;");
        try (Connection blocker = db.connect(); Statement s = blocker.createStatement()) {
            s.execute("SET application_name = 'nightly-report'");
            Future<?> longQuery = pool.submit(() -> {
                s.execute("SELECT pg_sleep(60) FROM t");
                return null;
            });
            Poll.until("the report query to run", Duration.ofSeconds(10),
                    () -> db.value("SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(60) FROM t%'") != null);
            String blockerPid = db.value("SELECT pid FROM pg_stat_activity WHERE application_name = 'nightly-report'");
            String before = db.snapshot();

            try (Migrator migrator = db.configure(scripts).ddlLockTimeout(Duration.ofMillis(800)).load()) {
                long start = System.nanoTime();
                DdlLockTimeoutException e = catchThrowableOfType(DdlLockTimeoutException.class, migrator::upgradeToHead);

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
        assertThat(upgrade(Duration.ofSeconds(10)).toRevision()).as("once the blocker is gone").isEqualTo("2");
    }

    @Test
    void ddlLockTimeoutNeverShortensTheWaitForTheMigrationLock() throws Exception {
        scripts.migration("V1__t.sql", "CREATE TABLE t (id int);");
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            s.execute("SET application_name = 'other-instance'");
            s.execute(LOCK_SQL);
            try (Migrator migrator = db.configure(scripts).ddlLockTimeout(Duration.ofMillis(300))
                    .lockTimeout(Duration.ofSeconds(30)).load()) {
                CompletableFuture<UpgradeReport> upgrade = CompletableFuture.supplyAsync(migrator::upgradeToHead, pool);
                Thread.sleep(2500);
                assertThat(upgrade).as("still waiting, long after ddlLockTimeout").isNotDone();
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
        scripts.migration("V1__t.sql", "CREATE TABLE t (id int);");
        upgrade(Duration.ofSeconds(10));
        // What a transaction-pooling PgBouncer does to a session lock: the session the migration runs on no longer holds it.
        scripts.migration("V2__pooled.sql", "CREATE TABLE u (id int);\nSELECT pg_advisory_unlock_all();\nINSERT INTO t VALUES (1);");
        String before = db.snapshot();
        try (Migrator migrator = db.configure(scripts).load()) {
            LockLostException e = catchThrowableOfType(LockLostException.class, migrator::upgradeToHead);

            assertThat(e.code()).isEqualTo(DiagnosticCode.LOCK_LOST);
            assertThat(e.code().exitCode()).isEqualTo(4);
            assertThat(e.remedy()).contains("migrationUrl(..)");
        }
        assertThat(db.snapshot()).isEqualTo(before);
        assertThat(db.exists("u")).isFalse();
    }

    @Test
    void aSeedSessionThatLostTheLockBeforeCommitIsRefusedAndRolledBack() throws Exception {
        scripts.migration("V1__t.sql", "CREATE TABLE t (id int);");
        upgrade(Duration.ofSeconds(10));
        // Seeds run "under the same lock" and commit one by one: each commit is a point where the loss can be seen.
        scripts.seed("01_pooled.sql", "SELECT pg_advisory_unlock_all();\nINSERT INTO t VALUES (42);");
        String before = db.snapshot();
        try (Migrator migrator = db.configure(scripts).load()) {
            LockLostException e = catchThrowableOfType(LockLostException.class, migrator::upgradeToHead);

            assertThat(e).as("a seed committed without the migration lock").isNotNull();
            assertThat(e.code()).isEqualTo(DiagnosticCode.LOCK_LOST);
        }
        assertThat(db.snapshot()).isEqualTo(before);
        assertThat(db.count("SELECT count(*) FROM t")).isZero();
    }

    private UpgradeReport upgrade(Duration ddlLockTimeout) {
        try (Migrator migrator = db.configure(scripts).ddlLockTimeout(ddlLockTimeout).load()) {
            return migrator.upgradeToHead();
        }
    }

}
