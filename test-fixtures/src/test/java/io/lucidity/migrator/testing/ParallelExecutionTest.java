package io.lucidity.migrator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.testing.support.Launch;
import io.lucidity.migrator.testing.support.Scenario;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Test methods running concurrently under JUnit's parallel execution each get their own clean database. */
class ParallelExecutionTest {

    @Test
    void concurrentTestsEachGetTheirOwnCleanDatabase() {
        Concurrent.NAMES.clear();
        Concurrent.RUNNING.set(0);
        Concurrent.MOST_AT_ONCE.set(0);

        TestExecutionSummary summary = Launch.run(
                Map.of(
                        "junit.jupiter.execution.parallel.enabled", "true",
                        "junit.jupiter.execution.parallel.mode.default", "concurrent",
                        "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                        "junit.jupiter.execution.parallel.config.strategy", "fixed",
                        "junit.jupiter.execution.parallel.config.fixed.parallelism", "6"),
                Concurrent.class,
                ConcurrentPerClass.class);

        summary.getFailures().forEach(f -> f.getException().printStackTrace());
        assertThat(summary.getTestsFailedCount()).isZero();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(Concurrent.REPETITIONS + ConcurrentPerClass.REPETITIONS);
        assertThat(Concurrent.NAMES).as("one database per test").hasSize(Concurrent.REPETITIONS);
        assertThat(Concurrent.MOST_AT_ONCE.get()).as("tests overlapped").isGreaterThan(1);
    }

    @Scenario
    @MigratedDatabase
    static class Concurrent {
        static final int REPETITIONS = 24;
        static final Set<String> NAMES = ConcurrentHashMap.newKeySet();
        static final AtomicInteger RUNNING = new AtomicInteger();
        static final AtomicInteger MOST_AT_ONCE = new AtomicInteger();

        @RepeatedTest(REPETITIONS)
        void writesAndSeesOnlyItsOwnRows(MigratedDb db, DataSource dataSource) throws Exception {
            int now = RUNNING.incrementAndGet();
            MOST_AT_ONCE.accumulateAndGet(now, Math::max);
            try (Connection c = dataSource.getConnection();
                    Statement s = c.createStatement()) {
                assertThat(NAMES.add(db.name())).isTrue();
                assertThat(count(s, "SELECT count(*) FROM users")).isEqualTo(1);
                s.execute("INSERT INTO users (email, password_hash) VALUES ('" + db.name() + "@example.com', 'x')");
                Thread.sleep(50);
                assertThat(count(s, "SELECT count(*) FROM users")).isEqualTo(2);
                assertThat(count(s, "SELECT count(*) FROM users WHERE email LIKE 'migt%'"))
                        .isEqualTo(1);
            } finally {
                RUNNING.decrementAndGet();
            }
        }
    }

    /** Another template, built while the other class runs; its tests share one database and write concurrently. */
    @Scenario
    @MigratedDatabase(revision = "5", scope = MigratedDatabase.Scope.PER_CLASS, maxConnections = 8)
    static class ConcurrentPerClass {
        static final int REPETITIONS = 12;

        @RepeatedTest(REPETITIONS)
        void writesItsOwnRowIntoTheSharedDatabase(MigratedDb db, RepetitionInfo repetition) throws Exception {
            db.execute(
                    "INSERT INTO users (email, password_hash) VALUES (?, 'x')",
                    "user" + repetition.getCurrentRepetition() + "@example.com");
            assertThat(db.query(
                            "SELECT 1 FROM users WHERE email = ?",
                            "user" + repetition.getCurrentRepetition() + "@example.com"))
                    .hasSize(1);
            assertThat(db.currentRevision()).isEqualTo("5");
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
