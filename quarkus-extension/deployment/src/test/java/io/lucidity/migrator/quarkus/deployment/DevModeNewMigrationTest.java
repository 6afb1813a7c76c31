package io.lucidity.migrator.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.QuarkusDevModeTest;
import io.restassured.RestAssured;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Dev mode ({@code quarkus:dev}): a migration file added while the application runs restarts it, and the restart
 * applies the new migration, as an edit of an existing file does.
 */
class DevModeNewMigrationTest {
    static final TestDatabase DATABASE = new TestDatabase("dev-mode-new-migration");

    @RegisterExtension
    static final QuarkusDevModeTest APP = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addAsResource(
                            new StringAsset(applicationProperties()), "application.properties")
                    .addAsResource(
                            new StringAsset("CREATE TABLE customers (id BIGINT PRIMARY KEY, name TEXT NOT NULL);\n"),
                            "db/devmode/migration/V1__customers.sql"));

    private static String applicationProperties() {
        Map<String, String> properties = new LinkedHashMap<>(DATABASE.defaultDataSourceProperties());
        properties.put("quarkus.migrator.locations", "classpath:db/devmode/migration");
        properties.put("quarkus.migrator.seed-locations", "none");
        properties.put("quarkus.migrator.extensions", "none");
        properties.put("quarkus.hibernate-orm.enabled", "false");
        return properties.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void aNewMigrationFileIsAppliedAfterTheReload() {
        readinessRevisionIs("1");

        APP.addResourceFile(
                "db/devmode/migration/V2__orders.sql",
                "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL REFERENCES customers (id));\n");

        // The request lets dev mode scan for changes: the new file restarts the application, which migrates.
        readinessRevisionIs("2");
        assertThat(DATABASE.query("SELECT to_regclass('public.orders')::text")).isEqualTo("orders");
        assertThat(DATABASE.query("SELECT script FROM flyway_schema_history WHERE version = '2' AND success"))
                .isEqualTo("V2__orders.sql");
    }

    private static void readinessRevisionIs(String revision) {
        RestAssured.when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'migrator' }.data.revision", equalTo(revision));
    }
}
