package io.lucidity.migrator.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** The extension is built and tested with the Flyway the Quarkus BOM manages, not the one core is built with. */
class FlywayVersionTest {

    @Test
    void theFlywayOnTheClasspathIsTheOneTheQuarkusBomManages() throws IOException {
        String managed = System.getProperty("migrator.test.bom-flyway-version");
        Properties pom = new Properties();
        try (InputStream in =
                Flyway.class.getResourceAsStream("/META-INF/maven/org.flywaydb/flyway-core/pom.properties")) {
            assertThat(in).as("flyway-core's pom.properties").isNotNull();
            pom.load(in);
        }

        assertThat(managed).isEqualTo("12.0.0");
        assertThat(pom.getProperty("version")).isEqualTo(managed);
    }
}
