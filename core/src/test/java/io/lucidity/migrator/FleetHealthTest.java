package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lucidity.migrator.FleetHealth.Counts;
import io.lucidity.migrator.FleetReport.Outcome;
import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A fleet's health counted on a real server, as Spring's health indicator and Quarkus' readiness check show it: at
 * head, behind (a tenant created since the start, a seed changed), failed (at start, or a failed history row), and the
 * bound on tenants read per check, successive checks going on where the last one stopped.
 */
class FleetHealthTest {
    private static final String SEED = """
            {"table": "settings", "key": ["name"], "rows": [{"name": "tenant", "value": "${tenant}"}]}
            """;

    private final TestDb db = new TestDb();
    private final MigrationFiles dir = new MigrationFiles();

    @BeforeEach
    void twoMigrationsAndASeed() {
        dir.migration("V1__accounts.sql", "CREATE TABLE accounts (id int PRIMARY KEY, owner text);")
                .migration("V2__settings.sql", "CREATE TABLE settings (name text PRIMARY KEY, value text);")
                .seed("01_settings.json", SEED);
    }

    @AfterEach
    void cleanUp() {
        db.close();
        dir.close();
    }

    private Migrator load() {
        return db.configure(dir).extensions("none").tenantSchemas("tenant\\_%").load();
    }

    private void schemas(String... names) {
        for (String name : names) {
            db.execute("CREATE SCHEMA " + name);
        }
    }

    @Test
    void aFleetAtHeadAtStartIsUpWithoutReadingATenant() {
        schemas("tenant_a", "tenant_b");
        try (Migrator migrator = load()) {
            FleetReport start = migrator.upgradeFleet();
            // A failed row the check would see if it read the tenant: found at head at start, it is not read again.
            db.execute("UPDATE tenant_a.flyway_schema_history SET success = false WHERE version = '2'");

            Counts counts = new FleetHealth(migrator).check(start);

            assertThat(counts).isEqualTo(new Counts(2, 2, 0, 0, List.of(), 0));
            assertThat(counts.up()).isTrue();
        }
    }

    @Test
    void aTenantCreatedAfterTheUpgradeIsBehindAndTheFleetDownUntilItIsUpgraded() {
        schemas("tenant_a", "tenant_b");
        try (Migrator migrator = load()) {
            FleetReport start = migrator.upgradeFleet();
            schemas("tenant_c");
            FleetHealth health = new FleetHealth(migrator);

            Counts counts = health.check(start);
            assertThat(counts).isEqualTo(new Counts(3, 2, 1, 0, List.of(), 0));
            assertThat(counts.up()).isFalse();

            try (Migrator one = migrator.forTenant("tenant_c")) {
                one.upgradeToHead();
            }
            counts = health.check(start);
            assertThat(counts).isEqualTo(new Counts(3, 3, 0, 0, List.of(), 0));
            assertThat(counts.up()).isTrue();
        }
    }

    @Test
    void aTenantWhoseSeedChangedIsBehind() {
        schemas("tenant_a", "tenant_b");
        try (Migrator migrator = load()) {
            migrator.upgradeFleet();
        }
        dir.seed("01_settings.json", SEED.replace("${tenant}", "${tenant}-2"));

        try (Migrator migrator = load()) {
            Counts counts = new FleetHealth(migrator).check(null);

            assertThat(counts)
                    .as("migrations at head, the seed changed: behind")
                    .isEqualTo(new Counts(2, 0, 2, 0, List.of(), 0));
            assertThat(counts.up()).isFalse();
        }
    }

    @Test
    void aTenantThatFailedAtStartIsFailedAndNamedAsIsOneWithAFailedMigration() {
        schemas("tenant_a", "tenant_b", "tenant_c");
        db.execute("CREATE TABLE tenant_b.accounts (id int)");
        try (Migrator migrator = load()) {
            FleetReport start = migrator.upgradeFleet();
            assertThat(start.tenant("tenant_b").outcome()).isEqualTo(Outcome.FAILED);
            schemas("tenant_d");
            try (Migrator one = migrator.forTenant("tenant_d")) {
                one.upgradeToHead();
            }
            db.execute("UPDATE tenant_d.flyway_schema_history SET success = false WHERE version = '2'");

            Counts counts = new FleetHealth(migrator).check(start);

            assertThat(counts).isEqualTo(new Counts(4, 2, 0, 2, List.of("tenant_b", "tenant_d"), 0));
            assertThat(counts.up()).isFalse();
        }
    }

    @Test
    void eachCheckReadsAtMostTheBoundAndTheNextGoesOnWithTheOthers() {
        schemas("tenant_a", "tenant_f");
        db.execute("CREATE TABLE tenant_f.accounts (id int)");
        try (Migrator migrator = load()) {
            FleetReport start = migrator.upgradeFleet();
            schemas("tenant_b", "tenant_c", "tenant_d");
            for (String tenant : List.of("tenant_b", "tenant_c", "tenant_d")) {
                try (Migrator one = migrator.forTenant(tenant)) {
                    one.upgradeToHead();
                }
            }
            FleetHealth health = new FleetHealth(migrator, 1);

            assertThat(health.check(start))
                    .as("tenant_b read at head; tenant_f not read, failed at start; tenant_c and tenant_d unchecked")
                    .isEqualTo(new Counts(5, 2, 0, 1, List.of("tenant_f"), 2));
            assertThat(health.check(start))
                    .as("the next check reads another tenant")
                    .isEqualTo(new Counts(5, 3, 0, 1, List.of("tenant_f"), 1));
            assertThat(health.check(start)).isEqualTo(new Counts(5, 4, 0, 1, List.of("tenant_f"), 0));
            assertThat(health.check(start))
                    .as("tenant_f read: failed at start and still not at head")
                    .isEqualTo(new Counts(5, 4, 0, 1, List.of("tenant_f"), 0));

            db.execute("DROP TABLE tenant_f.accounts");
            try (Migrator one = migrator.forTenant("tenant_f")) {
                one.upgradeToHead();
            }
            Counts counts = health.check(start);
            assertThat(counts).isEqualTo(new Counts(5, 5, 0, 0, List.of(), 0));
            assertThat(counts.up()).isTrue();
        }
    }

    @Test
    void aBoundBelowOneIsRefused() {
        try (Migrator migrator = load()) {
            assertThatThrownBy(() -> new FleetHealth(migrator, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("bound must be at least 1, was 0");
        }
    }
}
