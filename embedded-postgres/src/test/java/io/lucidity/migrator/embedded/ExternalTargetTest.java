package io.lucidity.migrator.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExternalTargetTest {

    @Test
    void parsesHostPortDatabaseAndDefaults() {
        ExternalTarget target = ExternalTarget.fromEnvironment(
                Environment.of(Map.of("MIGRATOR_TEST_JDBC_URL", "jdbc:postgresql://db.example:6543/app")));
        assertThat(target.address().host()).isEqualTo("db.example");
        assertThat(target.address().port()).isEqualTo(6543);
        assertThat(target.database()).isEqualTo("app");
        assertThat(target.user()).isEqualTo("postgres");
        assertThat(target.password()).isNull();
        assertThat(target.address().jdbcUrl("mig_1")).isEqualTo("jdbc:postgresql://db.example:6543/mig_1");
    }

    @Test
    void defaultPortAndDatabase() {
        ExternalTarget target = ExternalTarget.fromEnvironment(
                Environment.of(Map.of("MIGRATOR_TEST_JDBC_URL", "jdbc:postgresql://localhost/")));
        assertThat(target.address().port()).isEqualTo(5432);
        assertThat(target.database()).isEqualTo("postgres");
    }

    @Test
    void environmentCredentialsWinOverTheUrlsAndPgpasswordComesLast() {
        String url = "jdbc:postgresql://h:1/d?user=fromurl&password=urlpw&sslmode=disable";
        ExternalTarget fromEnv = ExternalTarget.fromEnvironment(Environment.of(Map.of(
                "MIGRATOR_TEST_JDBC_URL",
                url,
                "MIGRATOR_TEST_USER",
                "envuser",
                "MIGRATOR_TEST_PASSWORD",
                "envpw",
                "PGPASSWORD",
                "pgpw")));
        assertThat(fromEnv.user()).isEqualTo("envuser");
        assertThat(fromEnv.password()).isEqualTo("envpw");
        assertThat(fromEnv.address().jdbcUrl("d")).isEqualTo("jdbc:postgresql://h:1/d?sslmode=disable");

        ExternalTarget fromUrl = ExternalTarget.fromEnvironment(
                Environment.of(Map.of("MIGRATOR_TEST_JDBC_URL", url, "PGPASSWORD", "pgpw")));
        assertThat(fromUrl.user()).isEqualTo("fromurl");
        assertThat(fromUrl.password()).isEqualTo("urlpw");

        ExternalTarget fromPgpassword = ExternalTarget.fromEnvironment(
                Environment.of(Map.of("MIGRATOR_TEST_JDBC_URL", "jdbc:postgresql://h:1/d", "PGPASSWORD", "pgpw")));
        assertThat(fromPgpassword.password()).isEqualTo("pgpw");
    }

    @Test
    void redactsPasswords() {
        assertThat(ExternalTarget.redact("jdbc:postgresql://h/d?user=u&password=s3cret&x=1"))
                .isEqualTo("jdbc:postgresql://h/d?user=u&password=***&x=1");
    }
}
