package io.lucidity.migrator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.testing.internal.Fixtures;
import io.lucidity.migrator.testing.support.Launch;
import io.lucidity.migrator.testing.support.Scenario;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * A test's DataSource is pooled by default: a DAO that takes a connection per call logs in once, not per call.
 * {@code pooled = false} gives a real connection each time. Either way the database is dropped after the test.
 */
class PooledDataSourceTest {
    private final Fixtures fixtures = Fixtures.get();

    @Test
    void aClosedConnectionIsReusedByTheNextCallAndTheDatabaseIsStillDropped() throws SQLException {
        TestExecutionSummary summary = Launch.run(Pooled.class);

        summary.getFailures().forEach(f -> f.getException().printStackTrace());
        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        assertThat(Pooled.secondPid)
                .as("the second getConnection() is the same backend")
                .isEqualTo(Pooled.firstPid);
        assertThat(Pooled.tableAfterRollback)
                .as("the uncommitted work of the first borrower was rolled back")
                .isFalse();
        assertThat(Pooled.autoCommitAfterReuse).isTrue();
        fixtures.awaitBackground();
        assertThat(exists(Pooled.database))
                .as("the kept connection did not block the drop")
                .isFalse();
    }

    @Test
    void unpooledGivesANewBackendEachTime() throws SQLException {
        TestExecutionSummary summary = Launch.run(Unpooled.class);

        summary.getFailures().forEach(f -> f.getException().printStackTrace());
        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        assertThat(Unpooled.secondPid).isNotEqualTo(Unpooled.firstPid);
        fixtures.awaitBackground();
        assertThat(exists(Unpooled.database)).isFalse();
    }

    @Test
    void theBuilderCanSwitchPoolingOff() throws SQLException {
        TestExecutionSummary summary = Launch.run(Map.of(), BuilderUnpooled.class);

        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        assertThat(BuilderUnpooled.secondPid).isNotEqualTo(BuilderUnpooled.firstPid);
    }

    private boolean exists(String database) throws SQLException {
        try (Connection c = fixtures.server()
                        .dataSource(fixtures.server().maintenanceDatabase())
                        .getConnection();
                var s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            s.setString(1, database);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    static int pid(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Scenario
    @MigratedDatabase
    static class Pooled {
        static volatile String database;
        static volatile int firstPid;
        static volatile int secondPid;
        static volatile boolean tableAfterRollback;
        static volatile boolean autoCommitAfterReuse;

        @Test
        void daoCalls(MigratedDb db, DataSource dataSource) throws SQLException {
            database = db.name();
            try (Connection c = dataSource.getConnection();
                    Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.execute("CREATE TABLE left_uncommitted (id int)");
                ResultSet rs = s.executeQuery("SELECT pg_backend_pid()");
                rs.next();
                firstPid = rs.getInt(1);
            }
            try (Connection c = dataSource.getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT pg_backend_pid(), " + "to_regclass('left_uncommitted') IS NOT NULL")) {
                rs.next();
                secondPid = rs.getInt(1);
                tableAfterRollback = rs.getBoolean(2);
                autoCommitAfterReuse = c.getAutoCommit();
            }
            // one connection left idle in the pool, one left open by the test: neither may block the drop
            dataSource.getConnection().close();
            dataSource.getConnection().createStatement().execute("SELECT 1");
        }
    }

    @Scenario
    @MigratedDatabase(pooled = false)
    static class Unpooled {
        static volatile String database;
        static volatile int firstPid;
        static volatile int secondPid;

        @Test
        void daoCalls(MigratedDb db, DataSource dataSource) throws SQLException {
            database = db.name();
            firstPid = pid(dataSource);
            secondPid = pid(dataSource);
        }
    }

    @Scenario
    static class BuilderUnpooled {
        static volatile int firstPid;
        static volatile int secondPid;

        @org.junit.jupiter.api.extension.RegisterExtension
        final MigratedDatabaseExtension database =
                MigratedDatabaseExtension.builder().pooled(false).build();

        @Test
        void daoCalls(DataSource dataSource) throws SQLException {
            firstPid = pid(dataSource);
            secondPid = pid(dataSource);
        }
    }
}
