package io.lucidity.migrator.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The EXTERNAL provider, pointed (through a fake environment) at the shared server. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ExternalProviderTest {

    private final EmbeddedPostgres running = EmbeddedPostgres.shared();

    private Map<String, String> pointingAtRunningServer() {
        Map<String, String> env = new HashMap<>();
        env.put("MIGRATOR_TEST_JDBC_URL", running.jdbcUrl());
        env.put("MIGRATOR_TEST_USER", running.user());
        if (running.password() != null) {
            env.put("MIGRATOR_TEST_PASSWORD", running.password());
        }
        return env;
    }

    private static EmbeddedPostgres.Builder builder(Map<String, String> env) {
        return EmbeddedPostgres.builder().environment(Environment.of(env));
    }

    @Test
    void autoPicksExternalWhenTheUrlIsSetAndCloseLeavesTheServerAlone() throws SQLException {
        EmbeddedPostgres external = builder(pointingAtRunningServer()).start();
        assertThat(external.provider()).isEqualTo(EmbeddedPostgres.Provider.EXTERNAL);
        assertThat(external.host()).isEqualTo(running.host());
        assertThat(external.port()).isEqualTo(running.port());
        assertThat(external.user()).isEqualTo(running.user());
        assertThat(external.jdbcUrl()).isEqualTo(running.jdbcUrl());
        assertThat(external.serverVersion()).isEqualTo(running.serverVersion());

        String db = external.createDatabase();
        try (Connection connection = external.connect(db);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_database()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(db);
        }
        external.dropDatabase(db);

        external.close();
        try (Connection connection = running.connect("postgres")) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    @Test
    void localOnlyMethodsThrowForExternal() {
        EmbeddedPostgres external = builder(pointingAtRunningServer())
                .provider(EmbeddedPostgres.Provider.EXTERNAL)
                .start();
        assertThatThrownBy(external::dataDirectory)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LOCAL");
        assertThatThrownBy(external::binDirectory).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(external::osUser).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(external::restart).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(external::stop).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(external::start).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> external.runBinary(java.util.List.of("psql")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void credentialsMayComeFromTheUrlAndNeverAppearInUrls() {
        Map<String, String> env = new HashMap<>();
        env.put(
                "MIGRATOR_TEST_JDBC_URL",
                running.jdbcUrl() + "?user=" + running.user() + "&password=" + running.password()
                        + "&ApplicationName=migrator-test");
        EmbeddedPostgres external = builder(env).start();
        assertThat(external.user()).isEqualTo(running.user());
        assertThat(external.password()).isEqualTo(running.password());
        assertThat(external.jdbcUrl())
                .doesNotContain("password")
                .doesNotContain("user=")
                .endsWith("?ApplicationName=migrator-test");
        assertThat(external.jdbcUrl("other")).contains("/other?ApplicationName=migrator-test");
    }

    @Test
    void missingExtensionOnTheExternalServerIsNamed() {
        assertThatThrownBy(() -> builder(pointingAtRunningServer())
                        .requireNoExtension()
                        .requireExtension("no_such_ext")
                        .start())
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("'no_such_ext' is not installed on the server at " + running.jdbcUrl())
                .hasMessageContaining("on that server");
    }

    @Test
    void wrongPasswordSaysWhatToCheckWithoutTellingThePassword() {
        Map<String, String> env = pointingAtRunningServer();
        env.put("MIGRATOR_TEST_PASSWORD", "wrong-secret-123");
        assertThatThrownBy(() -> builder(env).start())
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("Could not connect")
                .hasMessageContaining("MIGRATOR_TEST_PASSWORD")
                .hasMessageNotContaining("wrong-secret-123");
    }

    @Test
    void providerVariableForcesExternalAndNeedsTheUrl() {
        assertThatThrownBy(() ->
                        builder(Map.of("MIGRATOR_TEST_PROVIDER", "external")).start())
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("MIGRATOR_TEST_JDBC_URL");
        assertThatThrownBy(() ->
                        builder(Map.of("MIGRATOR_TEST_PROVIDER", "docker")).start())
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("MIGRATOR_TEST_PROVIDER");
    }

    @Test
    void providerResolution() {
        Environment none = Environment.of(Map.of());
        Environment url = Environment.of(Map.of("MIGRATOR_TEST_JDBC_URL", "jdbc:postgresql://h/db"));
        Environment forcedLocal = Environment.of(
                Map.of("MIGRATOR_TEST_JDBC_URL", "jdbc:postgresql://h/db", "MIGRATOR_TEST_PROVIDER", "LOCAL"));
        assertThat(EmbeddedPostgres.resolveProvider(EmbeddedPostgres.Provider.AUTO, none))
                .isEqualTo(EmbeddedPostgres.Provider.LOCAL);
        assertThat(EmbeddedPostgres.resolveProvider(EmbeddedPostgres.Provider.AUTO, url))
                .isEqualTo(EmbeddedPostgres.Provider.EXTERNAL);
        assertThat(EmbeddedPostgres.resolveProvider(EmbeddedPostgres.Provider.AUTO, forcedLocal))
                .isEqualTo(EmbeddedPostgres.Provider.LOCAL);
        assertThat(EmbeddedPostgres.resolveProvider(EmbeddedPostgres.Provider.LOCAL, url))
                .isEqualTo(EmbeddedPostgres.Provider.LOCAL);
    }

    @Test
    void notAJdbcUrlIsRejectedWithoutShowingThePassword() {
        Map<String, String> env = Map.of("MIGRATOR_TEST_JDBC_URL", "postgres://u@h/db?password=hunter2");
        assertThatThrownBy(() -> builder(env).start())
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("not a PostgreSQL JDBC URL")
                .hasMessageNotContaining("hunter2");
    }
}
