package io.lucidity.migrator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.testing.internal.Fixtures;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Connections are bounded per database, and whatever a test leaves open is closed after it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectionsTest {
    private static volatile String leakyDatabase;

    // An instance field: works for per-method databases (beforeAll is not called for it).
    @RegisterExtension
    final MigratedDatabaseExtension database =
            MigratedDatabaseExtension.builder().maxConnections(2).build();

    @Test
    @Order(1)
    void aThirdConnectionWaitsUntilOneOfTwoIsClosed(DataSource dataSource) throws Exception {
        Connection first = dataSource.getConnection();
        try (Connection second = dataSource.getConnection()) {
            CompletableFuture<Connection> third = CompletableFuture.supplyAsync(() -> {
                try {
                    return dataSource.getConnection();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertThat(third).as("waits for a free connection").isNotDone();

            first.close();

            try (Connection got = third.get(10, TimeUnit.SECONDS)) {
                assertThat(got.isValid(1)).isTrue();
            }
            assertThat(second.isValid(1)).isTrue();
        }
    }

    @Test
    @Order(2)
    void connectionsATestLeavesOpenAreClosedAfterIt(MigratedDb db) throws SQLException {
        leakyDatabase = db.name();
        db.dataSource().getConnection().createStatement().execute("SELECT 1");
        db.connection();
    }

    @Test
    @Order(3)
    void theNextTestGetsItsFullAllowance(DataSource dataSource) throws SQLException {
        try (Connection a = dataSource.getConnection();
                Connection b = dataSource.getConnection()) {
            assertThat(a.isValid(1) && b.isValid(1)).isTrue();
        }
    }

    @AfterAll
    static void theLeakyTestsSessionsAreGone() throws SQLException {
        Fixtures fixtures = Fixtures.get();
        fixtures.awaitBackground();
        try (Connection c = fixtures.server()
                        .dataSource(fixtures.server().maintenanceDatabase())
                        .getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + leakyDatabase + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }
}
