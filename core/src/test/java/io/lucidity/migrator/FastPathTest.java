package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.support.MigrationDir;
import io.lucidity.migrator.support.TestDb;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FastPathTest {
    private final TestDb db = new TestDb();
    private final MigrationDir dir = new MigrationDir();

    @AfterEach
    void cleanUp() {
        db.close();
        dir.close();
    }

    @Test
    void atHeadTheUpgradeCostsTheSameRoundTripsForFiveOrThreeHundredMigrations() throws Exception {
        int few = statementsAtHead(5);
        int many = statementsAtHead(300);
        assertThat(few).isEqualTo(many).isLessThanOrEqualTo(2);
    }

    private int statementsAtHead(int migrations) throws Exception {
        try (TestDb fresh = new TestDb(); MigrationDir files = new MigrationDir()) {
            for (int i = 1; i <= migrations; i++) {
                files.migration("V" + i + "__t" + i + ".sql", "CREATE TABLE t" + i + " (id int);");
            }
            files.seed("01_x.sql", "SELECT 1;");
            try (Migrator first = Migrator.configure().dataSource(fresh.dataSource())
                    .locations(files.location()).seedLocations(files.seedLocation()).load()) {
                first.upgradeToHead();
            }
            CountingDataSource counting = new CountingDataSource(fresh.dataSource());
            try (Migrator migrator = Migrator.configure().dataSource(counting.proxy())
                    .locations(files.location()).seedLocations(files.seedLocation()).load()) {
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
        try (Migrator migrator = db.configure(dir).lockTimeout(Duration.ofSeconds(30)).load()) {
            migrator.upgradeToHead();
            try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
                s.execute("SELECT pg_advisory_lock(hashtextextended('io.lucidity.migrator:' || current_database() || ':public', 0))");
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
            assertThat(report.migrations()).extracting(AppliedMigration::version).containsExactly("2");
        }
    }

    @Test
    void aDroppedExtensionLeavesTheFastPathAndIsCreatedAgain() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeToHead();
            db.execute("DROP EXTENSION vector");
            UpgradeReport report = migrator.upgradeToHead();
            assertThat(report.upToDate()).isFalse();
            assertThat(report.extensions()).extracting(ExtensionResult::action).containsExactly(ExtensionResult.Action.CREATED);
            assertThat(report.migrations()).isEmpty();
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
            return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class}, this);
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
