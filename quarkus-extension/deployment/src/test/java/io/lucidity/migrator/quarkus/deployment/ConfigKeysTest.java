package io.lucidity.migrator.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.quarkus.MigratorDataSource;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every {@code quarkus.migrator.*} key reaches core, for the default datasource and a named one: locations, seeds,
 * schema, table, extensions, target, placeholders, timeouts, migrate-at-start; the readiness check goes DOWN for a
 * database that is behind.
 */
class ConfigKeysTest {
    static final TestDatabase MAIN = new TestDatabase("config-keys-main");
    static final TestDatabase INVENTORY = new TestDatabase("config-keys-inventory");

    @RegisterExtension
    static final QuarkusUnitTest APP = INVENTORY
            .namedDataSource(
                    MAIN.defaultDataSource(new QuarkusUnitTest()
                            .withApplicationRoot(jar -> jar.addClass(TestDatabase.class)
                                    .addAsResource(
                                            new StringAsset(
                                                    "CREATE TABLE notes (id BIGINT PRIMARY KEY, owner TEXT DEFAULT '${owner}');\n"),
                                            "custom/migration/V1__notes.sql")
                                    .addAsResource(
                                            new StringAsset("ALTER TABLE notes ADD COLUMN body TEXT;\n"),
                                            "custom/migration/V2__body.sql")
                                    .addAsResource(
                                            new StringAsset(
                                                    "INSERT INTO notes (id) VALUES (1) ON CONFLICT DO NOTHING;\n"),
                                            "custom/seed/01_note.sql")
                                    .addAsResource(
                                            new StringAsset("CREATE TABLE items (sku TEXT PRIMARY KEY);\n"),
                                            "inventory/migration/V1__items.sql"))),
                    "inventory")
            .overrideConfigKey("quarkus.migrator.locations", "classpath:custom/migration")
            .overrideConfigKey("quarkus.migrator.seed-locations", "classpath:custom/seed")
            .overrideConfigKey("quarkus.migrator.schema", "app")
            .overrideConfigKey("quarkus.migrator.table", "history")
            .overrideConfigKey("quarkus.migrator.extensions", "none")
            .overrideConfigKey("quarkus.migrator.target", "1")
            .overrideConfigKey("quarkus.migrator.placeholders.owner", "acme")
            .overrideConfigKey("quarkus.migrator.lock-timeout", "45s")
            .overrideConfigKey("quarkus.migrator.ddl-lock-timeout", "3s")
            .overrideConfigKey("quarkus.migrator.transaction-mode", "per-migration")
            .overrideConfigKey("quarkus.migrator.tolerate-newer-schema", "true")
            .overrideConfigKey("quarkus.migrator.inventory.locations", "classpath:inventory/migration")
            .overrideConfigKey("quarkus.migrator.inventory.migrate-at-start", "false");

    @Inject
    Migrator main;

    @Inject
    @MigratorDataSource("inventory")
    Migrator inventory;

    @Test
    void theDefaultDatasourceIsUpgradedToTheTargetWithItsSettings() {
        assertThat(MAIN.query("SELECT string_agg(version, ',' ORDER BY installed_rank) FROM app.history"))
                .isEqualTo("1");
        assertThat(
                        MAIN.query(
                                "SELECT column_default FROM information_schema.columns WHERE table_name = 'notes' AND column_name = 'owner'"))
                .contains("acme");
        assertThat(MAIN.query("SELECT count(*) FROM app.notes"))
                .as("seeds run only at head")
                .isEqualTo("0");
        assertThat(MAIN.query("SELECT count(*) FROM pg_extension WHERE extname = 'vector'"))
                .as("extensions=none")
                .isEqualTo("0");
    }

    @Test
    void theTimeoutsAndModesReachCore() {
        assertThat(main.config().lockTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(main.config().ddlLockTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(main.config().transactionMode().name()).isEqualTo("PER_MIGRATION");
        assertThat(main.config().tolerateNewerSchema()).isTrue();
        assertThat(main.config().seedLocations()).containsExactly("classpath:custom/seed");
    }

    @Test
    void aNamedDatasourceWithMigrateAtStartOffIsLeftAlone() {
        assertThat(inventory.config().locations()).containsExactly("classpath:inventory/migration");
        assertThat(inventory.current()).isEqualTo("base");
        assertThat(INVENTORY.query("SELECT to_regclass('public.items')::text")).isNull();
    }

    @Test
    void readinessIsDownWhileADatabaseIsBehind() {
        RestAssured.when()
                .get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("checks.find { it.name == 'migrator' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'migrator' }.data.revision", equalTo("1"))
                .body("checks.find { it.name == 'migrator' }.data.head", equalTo("2"))
                .body("checks.find { it.name == 'migrator' }.data.state", equalTo("behind"))
                .body("checks.find { it.name == 'migrator' }.data.'inventory.revision'", equalTo("base"));
    }
}
