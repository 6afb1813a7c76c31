package io.lucidity.migrator.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.QuarkusUnitTest;
import io.restassured.RestAssured;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code quarkus.migrator.tenant-schemas}: the start brings every tenant schema to head, each with its own history and
 * {@code ${tenant}}; the readiness check counts the tenants at head, behind and failed.
 */
class FleetAtStartTest {
    static final TestDatabase DATABASE = new TestDatabase("fleet-at-start");

    static {
        if (DATABASE.query("SELECT to_regnamespace('tenant_a')::text") == null) {
            DATABASE.execute("CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b; CREATE SCHEMA tenant_c;"
                    + " CREATE SCHEMA tenantx; CREATE SCHEMA billing");
        }
    }

    @RegisterExtension
    static final QuarkusUnitTest APP = DATABASE.defaultDataSource(new QuarkusUnitTest()
                    .withApplicationRoot(jar -> jar.addClass(TestDatabase.class)
                            .addAsResource(
                                    new StringAsset("CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner TEXT);\n"),
                                    "fleet/migration/V1__accounts.sql")
                            .addAsResource(
                                    new StringAsset("CREATE TABLE marker AS SELECT '${tenant}'::text AS tenant;\n"),
                                    "fleet/migration/V2__marker.sql")))
            .overrideConfigKey("quarkus.migrator.locations", "classpath:fleet/migration")
            .overrideConfigKey("quarkus.migrator.seed-locations", "none")
            .overrideConfigKey("quarkus.migrator.extensions", "none")
            .overrideConfigKey("quarkus.migrator.tenant-schemas", "tenant\\_%")
            .overrideConfigKey("quarkus.migrator.parallel", "2");

    private static String history(String tenant) {
        return DATABASE.query("SELECT string_agg(version, ',' ORDER BY installed_rank) FROM " + tenant
                + ".flyway_schema_history WHERE success");
    }

    @Test
    void everyTenantReachedHeadAtStartAndReadinessCountsTheTenants() {
        for (String tenant : new String[] {"tenant_a", "tenant_b", "tenant_c"}) {
            assertThat(history(tenant)).as(tenant).isEqualTo("1,2");
            assertThat(DATABASE.query("SELECT tenant FROM " + tenant + ".marker"))
                    .isEqualTo(tenant);
        }
        assertThat(DATABASE.query("SELECT to_regclass('billing.accounts')::text"))
                .as("not a tenant")
                .isNull();
        assertThat(DATABASE.query("SELECT to_regclass('tenantx.accounts')::text"))
                .as("the escaped _ of tenant\\_% matches itself only")
                .isNull();
        assertThat(DATABASE.query("SELECT to_regclass('public.flyway_schema_history')::text"))
                .as("the fleet replaces the upgrade of the schema")
                .isNull();

        RestAssured.when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'migrator' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'migrator' }.data.tenants", equalTo(3))
                .body("checks.find { it.name == 'migrator' }.data.atHead", equalTo(3))
                .body("checks.find { it.name == 'migrator' }.data.behind", equalTo(0))
                .body("checks.find { it.name == 'migrator' }.data.failed", equalTo(0));

        // Created after the start: one empty (behind), one restored with a failed migration in its history.
        DATABASE.execute("CREATE SCHEMA tenant_d; CREATE SCHEMA tenant_e;"
                + " CREATE TABLE tenant_e.flyway_schema_history (LIKE tenant_a.flyway_schema_history INCLUDING ALL);"
                + " INSERT INTO tenant_e.flyway_schema_history SELECT * FROM tenant_a.flyway_schema_history;"
                + " UPDATE tenant_e.flyway_schema_history SET success = false WHERE version = '2'");

        RestAssured.when()
                .get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("checks.find { it.name == 'migrator' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'migrator' }.data.tenants", equalTo(5))
                .body("checks.find { it.name == 'migrator' }.data.atHead", equalTo(3))
                .body("checks.find { it.name == 'migrator' }.data.behind", equalTo(1))
                .body("checks.find { it.name == 'migrator' }.data.failed", equalTo(1))
                .body("checks.find { it.name == 'migrator' }.data.failedTenants", equalTo("tenant_e"));
    }
}
