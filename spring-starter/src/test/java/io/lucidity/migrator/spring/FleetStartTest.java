package io.lucidity.migrator.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.FleetReport.Outcome;
import io.lucidity.migrator.FleetReport.TenantResult;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A tenant source in {@code migrator.*}: the start upgrades every tenant schema, a refused tenant fails the start
 * naming it (after the others reached head), and the {@code migrator} health component counts the tenants.
 */
class FleetStartTest {
    private final TestDatabase db = TestDatabase.create();
    private final MigrationFiles files = new MigrationFiles()
            .migration("V1__accounts.sql", "CREATE TABLE accounts (id int PRIMARY KEY, owner text);")
            .migration("V2__marker.sql", "CREATE TABLE marker AS SELECT '${tenant}'::text AS tenant;");

    @AfterEach
    void cleanUp() {
        db.close();
        files.close();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        DataSourceAutoConfiguration.class,
                        MigratorAutoConfiguration.class,
                        MigratorHealthContributorAutoConfiguration.class))
                .withPropertyValues(db.dataSourceProperties())
                .withPropertyValues(
                        "migrator.locations=" + files.locations(),
                        "migrator.seed-locations=none",
                        "migrator.extensions=none");
    }

    private void schemas(String... names) {
        for (String name : names) {
            db.execute("CREATE SCHEMA " + name);
        }
    }

    private List<String> history(String tenant) {
        return db.column("SELECT version FROM " + tenant
                + ".flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank");
    }

    @Test
    void theStartBringsEveryTenantSchemaToHeadWithItsOwnHistory() {
        schemas("tenant_a", "tenant_b", "tenant_c", "tenantx", "billing");

        runner().withPropertyValues("migrator.tenant-schemas=tenant\\_%", "migrator.parallel=2")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    MigratorInitializer initializer = context.getBean(MigratorInitializer.class);
                    assertThat(initializer.report()).isNull();
                    assertThat(initializer.fleetReport().tenants())
                            .extracting(TenantResult::tenant, TenantResult::outcome)
                            .containsExactly(
                                    tuple("tenant_a", Outcome.UPGRADED),
                                    tuple("tenant_b", Outcome.UPGRADED),
                                    tuple("tenant_c", Outcome.UPGRADED));
                });

        for (String tenant : List.of("tenant_a", "tenant_b", "tenant_c")) {
            assertThat(history(tenant)).as(tenant).containsExactly("1", "2");
            assertThat(db.value("SELECT tenant FROM " + tenant + ".marker")).isEqualTo(tenant);
        }
        assertThat(db.exists("billing.accounts")).as("not a tenant").isFalse();
        assertThat(db.exists("tenantx.accounts"))
                .as("the escaped _ matches itself only")
                .isFalse();
        assertThat(db.exists("public.flyway_schema_history"))
                .as("the fleet replaces the upgrade of migrator.schema")
                .isFalse();
    }

    @Test
    void tenantsByNameAreUpgradedAndTheOthersLeftAlone() {
        schemas("tenant_a", "tenant_b");

        runner().withPropertyValues("migrator.tenants=tenant_b")
                .run(context -> assertThat(context).hasNotFailed());

        assertThat(history("tenant_b")).containsExactly("1", "2");
        assertThat(db.exists("tenant_a.flyway_schema_history")).isFalse();
    }

    @Test
    void aRefusedTenantFailsTheStartNamingItAfterTheOthersReachedHead() {
        schemas("tenant_a", "tenant_b", "tenant_c");
        db.execute("CREATE TABLE tenant_b.accounts (id int)");

        runner().withPropertyValues("migrator.tenant-schemas=tenant\\_%").run(context -> {
            assertThat(context).hasFailed();
            MigratorException refusal = findDiagnostic(context.getStartupFailure());
            assertThat(refusal.code()).isEqualTo(DiagnosticCode.OBJECT_EXISTS);
            assertThat(refusal.summary())
                    .isEqualTo("1 of 3 tenant(s) refused the upgrade; the worst is tenant_b (MIGRATOR-EXISTS). "
                            + "The other tenants are at head.");

            FailureAnalysis analysis = new MigratorFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription())
                    .contains("MIGRATOR-EXISTS: 1 of 3 tenant(s) refused the upgrade")
                    .contains("tenant tenant_b: MIGRATOR-EXISTS")
                    .contains("Fleet of 3 tenant(s): 2 upgraded, 0 at head, 1 failed, 0 skipped")
                    .doesNotContain("tenant tenant_a", "tenant tenant_c");
            assertThat(analysis.getAction())
                    .startsWith("For tenant tenant_b: ")
                    .endsWith("Then start the application again: the upgrade continues with the tenants that are"
                            + " not at head.");
        });

        assertThat(history("tenant_a")).containsExactly("1", "2");
        assertThat(history("tenant_c")).containsExactly("1", "2");
        assertThat(db.exists("tenant_b.marker")).as("tenant_b rolled back").isFalse();
    }

    @Test
    void healthCountsTheTenantsAtHeadBehindAndFailed() {
        schemas("tenant_a", "tenant_b");

        runner().withPropertyValues("migrator.tenant-schemas=tenant\\_%").run(context -> {
            MigratorHealthIndicator indicator = context.getBean(MigratorHealthIndicator.class);
            Health health = indicator.health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails())
                    .containsEntry("tenants", 2)
                    .containsEntry("atHead", 2)
                    .containsEntry("behind", 0)
                    .containsEntry("failed", 0)
                    .doesNotContainKeys("failedTenants", "unchecked", "revision");

            // Created after the start: one empty (behind), one restored with a failed migration in its history.
            schemas("tenant_c", "tenant_d");
            db.execute("CREATE TABLE tenant_d.flyway_schema_history (LIKE tenant_a.flyway_schema_history"
                    + " INCLUDING ALL)");
            db.execute("INSERT INTO tenant_d.flyway_schema_history SELECT * FROM tenant_a.flyway_schema_history");
            db.execute("UPDATE tenant_d.flyway_schema_history SET success = false WHERE version = '2'");

            health = indicator.health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails())
                    .containsEntry("tenants", 4)
                    .containsEntry("atHead", 2)
                    .containsEntry("behind", 1)
                    .containsEntry("failed", 1)
                    .containsEntry("failedTenants", List.of("tenant_d"));
        });
    }

    @Test
    void healthReadsAtMostTheBoundPerCheckAndCoversTheFleetOverSuccessiveChecks() {
        schemas("tenant_a");

        runner().withPropertyValues("migrator.tenant-schemas=tenant\\_%").run(context -> {
            Migrator migrator = context.getBean(Migrator.class);
            MigratorHealthIndicator indicator = new MigratorHealthIndicator(
                    migrator, () -> context.getBean(MigratorInitializer.class).fleetReport(), 2);
            schemas("tenant_b", "tenant_c", "tenant_d");

            Health health = indicator.health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails())
                    .containsEntry("tenants", 4)
                    .containsEntry("atHead", 1)
                    .containsEntry("behind", 2)
                    .containsEntry("unchecked", 1);

            for (String tenant : List.of("tenant_b", "tenant_c", "tenant_d")) {
                try (Migrator one = migrator.forTenant(tenant)) {
                    one.upgradeToHead();
                }
            }
            assertThat(indicator.health().getDetails())
                    .as("two read at head now, one left for the next check")
                    .containsEntry("atHead", 3)
                    .containsEntry("unchecked", 1);
            health = indicator.health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails())
                    .containsEntry("atHead", 4)
                    .containsEntry("behind", 0)
                    .doesNotContainKey("unchecked");
        });
    }

    @Test
    void twoTenantSourcesAreRefusedNamingBoth() {
        runner().withPropertyValues("migrator.tenant-schemas=tenant\\_%", "migrator.tenants=tenant_a")
                .run(context -> {
                    MigratorException refusal = findDiagnostic(context.getStartupFailure());
                    assertThat(refusal.code()).isEqualTo(DiagnosticCode.CONFIG_INVALID);
                    assertThat(refusal.summary())
                            .isEqualTo("Several tenant sources are set: migrator.tenant-schemas, migrator.tenants.");
                    assertThat(refusal.remedy()).contains("Keep one of migrator.tenant-schemas, migrator.tenants");
                });
    }

    @Test
    void aTargetBelowHeadIsRefusedWithAFleet() {
        schemas("tenant_a");
        runner().withPropertyValues("migrator.tenant-schemas=tenant\\_%", "migrator.target=1")
                .run(context -> {
                    MigratorException refusal = findDiagnostic(context.getStartupFailure());
                    assertThat(refusal.code()).isEqualTo(DiagnosticCode.CONFIG_INVALID);
                    assertThat(refusal.remedy()).contains("Remove migrator.target");
                });
        assertThat(db.exists("tenant_a.flyway_schema_history")).isFalse();
    }

    private static MigratorException findDiagnostic(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MigratorException e) {
                return e;
            }
        }
        throw new AssertionError("no MigratorException in the cause chain", failure);
    }
}
