package io.lucidity.migrator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.testing.internal.Fixtures;
import io.lucidity.migrator.testing.internal.Sweeper;
import io.lucidity.migrator.testing.support.Launch;
import io.lucidity.migrator.testing.support.Scenario;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** A failed test's database is kept (and marked) with keepOnFailure, dropped without it; passing tests' always go. */
class KeepOnFailureTest {
    private final Fixtures fixtures = Fixtures.get();

    @Test
    void theDatabaseOfAFailedTestIsKeptWithItsRows() throws SQLException {
        List<String> reported = new CopyOnWriteArrayList<>();
        TestExecutionSummary summary = Launch.run(
                Map.of(),
                new TestExecutionListener() {
                    @Override
                    public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
                        entry.getKeyValuePairs().forEach((key, value) -> reported.add(key + "=" + value));
                    }
                },
                Keeping.class);

        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        fixtures.awaitBackground();
        try {
            assertThat(reported)
                    .as("the kept database's URL is in the test report")
                    .containsExactly(
                            "migrator.keptDatabase=" + fixtures.server().jdbcUrl(Keeping.failed));
            assertThat(comment(Keeping.failed))
                    .startsWith(Sweeper.KEPT_MARKER)
                    .contains(Keeping.class.getName() + "#failsAfterWriting");
            try (Connection c = fixtures.server().dataSource(Keeping.failed).getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM users WHERE email = 'evidence@example.com'")) {
                rs.next();
                assertThat(rs.getInt(1))
                        .as("the failed test's rows are there to inspect")
                        .isEqualTo(1);
            }
            assertThat(exists(Keeping.passed))
                    .as("a passing test's database is dropped")
                    .isFalse();
        } finally {
            fixtures.dropNow(Keeping.failed);
        }
    }

    @Test
    void withoutKeepOnFailureTheDatabaseOfAFailedTestIsDropped() throws SQLException {
        TestExecutionSummary summary = Launch.run(NotKeeping.class);

        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        fixtures.awaitBackground();
        assertThat(exists(NotKeeping.failed)).isFalse();
    }

    private boolean exists(String database) throws SQLException {
        return comment(database) != null || query("SELECT 1 FROM pg_database WHERE datname = ?", database) != null;
    }

    private String comment(String database) throws SQLException {
        return query("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?", database);
    }

    private String query(String sql, String parameter) throws SQLException {
        try (Connection c = fixtures.server()
                        .dataSource(fixtures.server().maintenanceDatabase())
                        .getConnection();
                var s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Scenario
    @MigratedDatabase(keepOnFailure = true)
    static class Keeping {
        static volatile String failed;
        static volatile String passed;

        @Test
        void failsAfterWriting(MigratedDb db) {
            failed = db.name();
            db.execute("INSERT INTO users (email, password_hash) VALUES ('evidence@example.com', 'x')");
            assertThat(db.query("SELECT * FROM users"))
                    .as("deliberately failing")
                    .isEmpty();
        }

        @Test
        void passes(MigratedDb db) {
            passed = db.name();
        }
    }

    @Scenario
    @MigratedDatabase
    static class NotKeeping {
        static volatile String failed;

        @Test
        void fails(MigratedDb db) {
            failed = db.name();
            throw new AssertionError("deliberately failing");
        }
    }
}
