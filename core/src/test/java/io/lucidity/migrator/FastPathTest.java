package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.LockKey;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class FastPathTest {
    private final TestDb db = new TestDb();
    private final MigrationFiles dir = new MigrationFiles();

    @AfterEach
    void cleanUp() {
        db.close();
        dir.close();
    }

    @Test
    void atHeadTheUpgradeCostsTheSameRoundTripsForFiveOrThreeHundredMigrations() throws Exception {
        int few = statementsAtHead(5);
        int many = statementsAtHead(300);
        // The session's search path made safe with the bookkeeping's owners checked (catalog) in the same round trip,
        // the probe, and the application's search path put back when the connection returns to its pool.
        assertThat(few).isEqualTo(many).isEqualTo(3);
    }

    private int statementsAtHead(int migrations) throws Exception {
        try (TestDb fresh = new TestDb();
                MigrationFiles files = new MigrationFiles()) {
            for (int i = 1; i <= migrations; i++) {
                files.migration("V" + i + "__t" + i + ".sql", "CREATE TABLE t" + i + " (id int);");
            }
            files.seed("01_x.sql", "SELECT 1;");
            try (Migrator first = TestDb.extensions(Migrator.configure()
                            .dataSource(fresh.dataSource())
                            .locations(files.locations())
                            .seedLocations(files.seeds()))
                    .load()) {
                first.upgradeToHead();
            }
            CountingDataSource counting = new CountingDataSource(fresh.dataSource());
            try (Migrator migrator = TestDb.extensions(Migrator.configure()
                            .dataSource(counting.proxy())
                            .locations(files.locations())
                            .seedLocations(files.seeds()))
                    .load()) {
                UpgradeReport report = migrator.upgradeToHead();
                assertThat(report.upToDate()).isTrue();
                assertThat(report.toRevision()).isEqualTo(String.valueOf(migrations));
            }
            assertThat(counting.connections.get()).isEqualTo(1);
            return counting.statements.get();
        }
    }

    @Test
    void atHeadTheUpgradeDoesNotWaitForTheMigrationLock() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        try (Migrator migrator =
                db.configure(dir).lockTimeout(Duration.ofSeconds(30)).load()) {
            migrator.upgradeToHead();
            try (Connection holder = db.connect();
                    Statement s = holder.createStatement()) {
                s.execute(LockKey.lockSql("public"));
                long start = System.nanoTime();
                UpgradeReport report = migrator.upgradeToHead();
                assertThat(report.upToDate()).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void aNewMigrationLeavesTheFastPathAndIsApplied() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeToHead();
        }
        dir.migration("V2__u.sql", "CREATE TABLE u (id int);");
        try (Migrator migrator = db.configure(dir).load()) {
            UpgradeReport report = migrator.upgradeToHead();
            assertThat(report.upToDate()).isFalse();
            assertThat(report.migrations())
                    .extracting(AppliedMigration::version)
                    .containsExactly("2");
        }
    }

    @Test
    @Tag("vector")
    void aDroppedExtensionLeavesTheFastPathAndIsCreatedAgain() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeToHead();
            db.execute("DROP EXTENSION vector");
            UpgradeReport report = migrator.upgradeToHead();
            assertThat(report.upToDate()).isFalse();
            assertThat(report.extensions())
                    .extracting(ExtensionResult::action)
                    .containsExactly(ExtensionResult.Action.CREATED);
            assertThat(report.migrations()).isEmpty();
        }
    }

    @Test
    void aFailedRowFromANewerReleaseIsRefusedAsFailedNotReportedUpToDate() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeToHead();
            assertThat(migrator.upgradeToHead().upToDate()).isTrue();
            // A newer release's non-transactional V2 failed half-way (Flyway records it with success = false) and the
            // fleet was rolled back to this build, which knows V1 only: its applied migrations still all agree.
            db.execute(
                    "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                            + "installed_by, execution_time, success) VALUES (2, '2', 'index', 'SQL', 'V2__index.sql', 7, 'x', 1, false)");
            assertThat(catching(migrator::upgradeToHead)).isInstanceOfSatisfying(MigratorException.class, e -> {
                assertThat(e.code()).isEqualTo(DiagnosticCode.FAILED_MIGRATION);
                assertThat(e.getMessage()).startsWith("MIGRATOR-FAILED").contains("V2", "V2__index.sql");
            });
        }
    }

    @Test
    void atHeadTheProbeReadsTheSummaryNotTheHistory() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeToHead();
            assertThat(db.value("SELECT summarized_generation = generation FROM migrator_history_summary "
                            + "WHERE history_table = 'flyway_schema_history'"))
                    .isEqualTo("t");
            // With the history locked against every reader, an upgrade that read it would wait.
            try (Connection locker = db.connect();
                    Statement s = locker.createStatement()) {
                locker.setAutoCommit(false);
                s.execute("LOCK TABLE flyway_schema_history IN ACCESS EXCLUSIVE MODE");
                UpgradeReport report =
                        CompletableFuture.supplyAsync(migrator::upgradeToHead).get(10, TimeUnit.SECONDS);
                assertThat(report.upToDate()).isTrue();
                locker.rollback();
            }
        }
    }

    @Test
    void everyKindOfChangeToTheHistoryVoidsTheSummary() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        dir.migration("V2__u.sql", "CREATE TABLE u (id int);");
        String[] changes = {
            "UPDATE flyway_schema_history SET checksum = 42 WHERE version = '2'",
            "SET session_replication_role = replica; UPDATE flyway_schema_history SET checksum = 42 WHERE version = '2'; "
                    + "SET session_replication_role = origin",
            "ALTER TABLE flyway_schema_history DISABLE TRIGGER ALL; UPDATE flyway_schema_history SET checksum = 42 "
                    + "WHERE version = '2'; ALTER TABLE flyway_schema_history ENABLE TRIGGER ALL",
            "DELETE FROM flyway_schema_history WHERE version = '2'",
            "TRUNCATE flyway_schema_history",
        };
        for (String change : changes) {
            try (TestDb fresh = new TestDb();
                    Migrator migrator = fresh.configure(dir).load()) {
                migrator.upgradeToHead();
                assertThat(migrator.upgradeToHead().upToDate()).isTrue();
                fresh.execute(change);
                assertThat(catching(migrator::upgradeToHead))
                        .as(change)
                        .satisfiesAnyOf(
                                outcome -> assertThat(outcome).isInstanceOf(ChecksumMismatchException.class),
                                outcome -> assertThat(outcome)
                                        .isInstanceOfSatisfying(
                                                MigrationFailedException.class,
                                                failed -> assertThat(failed.code())
                                                        .isEqualTo(DiagnosticCode.OBJECT_EXISTS)));
            }
        }
    }

    @Test
    void aSummaryTriggerDisabledAndEnabledAgainInAnyFormIsNotTrusted() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        dir.migration("V2__u.sql", "CREATE TABLE u (id int);");
        String[] reEnable = {
            "ENABLE ALWAYS TRIGGER migrator_history_summary", // the form pg_dump writes
            "ENABLE TRIGGER migrator_history_summary",
            "ENABLE TRIGGER ALL",
        };
        for (String enable : reEnable) {
            try (TestDb fresh = new TestDb();
                    Migrator migrator = fresh.configure(dir).load()) {
                migrator.upgradeToHead();
                assertThat(migrator.upgradeToHead().upToDate()).isTrue();
                // While nothing watches, V2 is undone by hand: its table and its history row are gone.
                fresh.execute("ALTER TABLE flyway_schema_history DISABLE TRIGGER migrator_history_summary; "
                        + "DELETE FROM flyway_schema_history WHERE version = '2'; DROP TABLE u; "
                        + "ALTER TABLE flyway_schema_history " + enable);
                UpgradeReport report = migrator.upgradeToHead();
                assertThat(report.upToDate()).as(enable).isFalse();
                assertThat(report.migrations())
                        .as(enable)
                        .extracting(AppliedMigration::version)
                        .containsExactly("2");
                assertThat(fresh.exists("u")).isTrue();
                assertThat(migrator.upgradeToHead().upToDate()).isTrue();
            }
        }
    }

    @Test
    void aDeletedSummaryIsReadAroundAndSetUpAgainByTheNextUpgrade() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeToHead();
            db.execute("DELETE FROM migrator_history_summary");
            assertThat(migrator.upgradeToHead().upToDate()).isTrue();
            db.execute("UPDATE flyway_schema_history SET checksum = 42 WHERE version = '1'");
            assertThat(catching(migrator::upgradeToHead)).isInstanceOf(ChecksumMismatchException.class);
        }
        try (TestDb fresh = new TestDb();
                Migrator migrator = fresh.configure(dir).load()) {
            migrator.upgradeToHead();
            fresh.execute("DELETE FROM migrator_history_summary");
            dir.migration("V2__u.sql", "CREATE TABLE u (id int);");
            try (Migrator next = fresh.configure(dir).load()) {
                assertThat(next.upgradeToHead().migrations())
                        .extracting(AppliedMigration::version)
                        .containsExactly("2");
            }
            assertThat(fresh.value("SELECT summarized_generation = generation FROM migrator_history_summary "
                            + "WHERE history_table = 'flyway_schema_history'"))
                    .isEqualTo("t");
        }
    }

    @Test
    void aHistoryRowCommittedByAnotherToolIsSeenOnTheNextCall() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeToHead();
            try (Connection other = db.connect();
                    Statement s = other.createStatement()) {
                other.setAutoCommit(false);
                s.execute(
                        "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                                + "installed_by, execution_time, success) VALUES (2, '2', 'later', 'SQL', 'V2__later.sql', 7, 'x', 1, true)");
                // Not committed yet: the database still agrees with this build, and the probe does not wait for it.
                assertThat(CompletableFuture.supplyAsync(migrator::upgradeToHead)
                                .get(10, TimeUnit.SECONDS)
                                .upToDate())
                        .isTrue();
                other.commit();
            }
            assertThat(catching(migrator::upgradeToHead)).isInstanceOf(SchemaAheadException.class);
        }
    }

    @Test
    void withoutTheRightToAlterTheHistoryTheUpgradeStillWorksAndReadsTheHistory() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        db.execute("CREATE ROLE migrator_no_trigger_" + db.name() + " LOGIN PASSWORD 'pw'; "
                + "GRANT ALL ON SCHEMA public TO migrator_no_trigger_" + db.name());
        try (Migrator owner = db.configure(dir).load()) {
            owner.upgradeToHead();
        }
        db.execute(
                "DROP TRIGGER migrator_history_summary ON flyway_schema_history; DROP TABLE migrator_history_summary; "
                        + "GRANT ALL ON ALL TABLES IN SCHEMA public TO migrator_no_trigger_" + db.name() + "; "
                        + "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO migrator_no_trigger_" + db.name());
        dir.migration("V2__u.sql", "CREATE TABLE u (id int);");
        try (Migrator other = db.configure(dir)
                .user("migrator_no_trigger_" + db.name())
                .password("pw")
                .load()) {
            UpgradeReport report = other.upgradeToHead();
            assertThat(report.migrations())
                    .extracting(AppliedMigration::version)
                    .containsExactly("2");
            assertThat(db.exists("migrator_history_summary")).isFalse();
            assertThat(other.upgradeToHead().upToDate()).isTrue();
            db.execute("UPDATE flyway_schema_history SET checksum = 42 WHERE version = '2'");
            assertThat(catching(other::upgradeToHead)).isInstanceOf(ChecksumMismatchException.class);
        } finally {
            db.execute(
                    "DROP OWNED BY migrator_no_trigger_" + db.name() + "; DROP ROLE migrator_no_trigger_" + db.name());
        }
    }

    private static Throwable catching(Runnable action) {
        try {
            action.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** A real DataSource that counts connections taken and statements executed on them. */
    static final class CountingDataSource implements InvocationHandler {
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger statements = new AtomicInteger();
        private final DataSource target;

        CountingDataSource(DataSource target) {
            this.target = target;
        }

        DataSource proxy() {
            return (DataSource)
                    Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class}, this);
        }

        @Override
        public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) throws Throwable {
            Object result = call(target, method, args);
            if (method.getName().equals("getConnection")) {
                connections.incrementAndGet();
                return wrap(Connection.class, result);
            }
            return result;
        }

        private Object wrap(Class<?> type, Object delegate) {
            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
                String name = m.getName();
                if (name.startsWith("execute")) {
                    statements.incrementAndGet();
                }
                Object r = call(delegate, m, a);
                if (r instanceof java.sql.PreparedStatement) {
                    return wrap(java.sql.PreparedStatement.class, r);
                }
                if (r instanceof Statement) {
                    return wrap(Statement.class, r);
                }
                return r;
            });
        }

        private static Object call(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
