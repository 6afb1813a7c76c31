package io.lucidity.migrator.quarkus.deployment;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.QuarkusUnitTest;
import io.restassured.RestAssured;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An applied migration whose file changed since: with {@code migrate-at-start=false} the application starts, and its
 * readiness check is DOWN, naming the migration.
 */
class HealthRefusedTest {
    static final TestDatabase DATABASE = new TestDatabase("health-refused");

    static {
        DATABASE.applyV1("notes", "CREATE TABLE notes (id BIGINT PRIMARY KEY);\n");
    }

    @RegisterExtension
    static final QuarkusUnitTest APP = DATABASE.defaultDataSource(new QuarkusUnitTest()
                    .withApplicationRoot(jar -> jar.addClass(TestDatabase.class)
                            .addAsResource(
                                    new StringAsset("CREATE TABLE notes (id BIGINT PRIMARY KEY, body TEXT);\n"),
                                    "changed/migration/V1__notes.sql")))
            .overrideConfigKey("quarkus.migrator.locations", "classpath:changed/migration")
            .overrideConfigKey("quarkus.migrator.seed-locations", "none")
            .overrideConfigKey("quarkus.migrator.extensions", "none")
            .overrideConfigKey("quarkus.migrator.migrate-at-start", "false");

    @Test
    void readinessIsDownAndNamesTheChangedMigration() {
        RestAssured.when()
                .get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("checks.find { it.name == 'migrator' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'migrator' }.data.revision", equalTo("1"))
                .body("checks.find { it.name == 'migrator' }.data.state", equalTo("refused"))
                .body("checks.find { it.name == 'migrator' }.data.problems", containsString("V1 CHANGED"));
    }
}
