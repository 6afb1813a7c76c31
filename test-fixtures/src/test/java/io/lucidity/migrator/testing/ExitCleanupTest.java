package io.lucidity.migrator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.embedded.EmbeddedPostgres;
import io.lucidity.migrator.testing.support.Launch;
import io.lucidity.migrator.testing.support.Scenario;
import io.lucidity.migrator.testsupport.ChildJvm;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * On a server of one's own (the external provider), a test JVM that ends normally leaves none of its test
 * databases behind, however far its background drops had fallen behind, and says how long it waited for them.
 */
class ExitCleanupTest {

    @Test
    void aNormalExitLeavesNoTestDatabaseOnTheExternalServerAndSaysItWaited() throws Exception {
        try (EmbeddedPostgres server = EmbeddedPostgres.builder()
                .provider(EmbeddedPostgres.Provider.LOCAL)
                .start()) {
            ChildJvm.Finished run = ChildJvm.of(Main.class)
                    .inheritEnvironment()
                    .options("-Dorg.slf4j.simpleLogger.defaultLogLevel=info")
                    .env(Map.of(
                            "MIGRATOR_TEST_PROVIDER",
                            "external",
                            "MIGRATOR_TEST_JDBC_URL",
                            server.jdbcUrl(),
                            "MIGRATOR_TEST_USER",
                            server.user(),
                            "MIGRATOR_TEST_PASSWORD",
                            server.password(),
                            "MIGRATOR_TEST_POOL_SIZE",
                            "4"))
                    .mergeOutput()
                    .run(Duration.ofMinutes(2));

            assertThat(run.output())
                    .as(run.output())
                    .contains("30 of 30 tests passed")
                    .containsPattern("Waited \\d+ ms for \\d+ test database\\(s\\) to be dropped at exit");
            assertThat(testDatabases(server))
                    .as("migt_ databases after the JVM exited")
                    .isEmpty();
        }
    }

    private static List<String> testDatabases(EmbeddedPostgres server) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = server.connect("postgres");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'migt\\_%'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** The child: a small test plan of 30 tests, each with its own database, then a normal exit. */
    public static final class Main {
        public static void main(String[] args) {
            TestExecutionSummary summary = Launch.run(ManyTests.class);
            System.out.println(
                    summary.getTestsSucceededCount() + " of " + summary.getTestsFoundCount() + " tests passed");
        }
    }

    @Scenario
    @MigratedDatabase
    static class ManyTests {
        @RepeatedTest(30)
        void usesItsDatabase(DataSource dataSource) throws SQLException {
            try (Connection c = dataSource.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("INSERT INTO users (email, password_hash) VALUES ('a@example.com', 'x')");
            }
        }
    }
}
