package io.lucidity.migrator.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.Migrator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code migrator} health component and actuator endpoint, on real databases. */
class ActuatorTest {

    private static ApplicationContextRunner runner(TestDatabase db) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        DataSourceAutoConfiguration.class,
                        MigratorAutoConfiguration.class,
                        MigratorHealthContributorAutoConfiguration.class,
                        MigratorEndpointAutoConfiguration.class))
                .withPropertyValues(db.dataSourceProperties());
    }

    @Test
    void healthIsUpWithTheRevisionAtHead() {
        runner(TestDatabase.create()).run(context -> {
            Health health = context.getBean("migratorHealthIndicator", MigratorHealthIndicator.class)
                    .health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails())
                    .containsEntry("revision", "7")
                    .containsEntry("head", "7")
                    .containsEntry("schema", "public")
                    .doesNotContainKeys("pending", "problems");
        });
    }

    @Test
    void theTargetStopsTheStartupUpgradeAndHealthIsDownWhileBehind() {
        TestDatabase db = TestDatabase.create();
        runner(db).withPropertyValues("migrator.target=3").run(context -> {
            assertThat(context.getBean(MigratorInitializer.class).report().toRevision())
                    .isEqualTo("3");
            Health health = context.getBean(MigratorHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("revision", "3").containsEntry("head", "7");
            assertThat((List<?>) health.getDetails().get("pending"))
                    .hasSize(4)
                    .first()
                    .asString()
                    .startsWith("V4 PENDING");
        });
        assertThat(db.count("SELECT count(*) FROM flyway_schema_history WHERE version = '4'"))
                .isZero();
    }

    @Test
    void healthIsDownWhenAMigrationFailed() {
        TestDatabase db = TestDatabase.create();
        runner(db).run(context -> {
            db.execute("UPDATE flyway_schema_history SET success = false WHERE version = '7'");
            Health health = context.getBean(MigratorHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat((List<?>) health.getDetails().get("problems"))
                    .singleElement()
                    .asString()
                    .startsWith("V7 FAILED");
        });
    }

    /** What a newer release leaves behind when the fleet is rolled back: a V8 this build does not know. */
    private static void applyNewerRelease(TestDatabase db) {
        db.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                + "installed_by, execution_time, success) SELECT max(installed_rank) + 1, '8', 'from the next release', 'SQL', "
                + "'V8__from_the_next_release.sql', 42, 'deploy', 1, true FROM flyway_schema_history");
    }

    @Test
    void healthIsDownWhenTheDatabaseIsAheadOfThisBuild() {
        TestDatabase db = TestDatabase.create();
        runner(db).run(context -> {
            applyNewerRelease(db);
            Health health = context.getBean(MigratorHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat((List<?>) health.getDetails().get("problems"))
                    .singleElement()
                    .asString()
                    .startsWith("V8 UNKNOWN");
        });
    }

    @Test
    void healthIsUpWhenTheDatabaseIsAheadAndTolerateNewerSchemaIsSet() {
        TestDatabase db = TestDatabase.create();
        runner(db).withPropertyValues("migrator.tolerate-newer-schema=true").run(context -> {
            applyNewerRelease(db);
            Health health = context.getBean(MigratorHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("head", "7").doesNotContainKeys("pending", "problems");
        });
    }

    @Test
    void healthIndicatorCanBeSwitchedOff() {
        runner(TestDatabase.create())
                .withPropertyValues("management.health.migrator.enabled=false")
                .run(context -> assertThat(context)
                        .hasSingleBean(Migrator.class)
                        .doesNotHaveBean(MigratorHealthIndicator.class));
    }

    @Test
    void withoutSpringBootHealthOrActuatorTheStarterStillMigrates() {
        runner(TestDatabase.create())
                .withClassLoader(new FilteredClassLoader(
                        "org.springframework.boot.health.", "org.springframework.boot.actuate."))
                .withPropertyValues("management.endpoints.web.exposure.include=migrator")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(MigratorInitializer.class)
                        .doesNotHaveBean(MigratorHealthIndicator.class)
                        .doesNotHaveBean(MigratorEndpoint.class));
    }

    @Test
    void endpointShowsStatusHistoryAndTheStartupUpgrade() {
        runner(TestDatabase.create())
                .withPropertyValues("management.endpoints.web.exposure.include=migrator")
                .run(context -> {
                    MigratorEndpoint.MigratorDescriptor descriptor =
                            context.getBean(MigratorEndpoint.class).migrator();
                    assertThat(descriptor.status().revision()).isEqualTo("7");
                    assertThat(descriptor.status().atHead()).isTrue();
                    assertThat(descriptor.history()).hasSize(7);
                    assertThat(descriptor.upgrade()).contains("upgraded from base to 7");
                });
    }

    @Test
    void endpointIsAbsentUnlessExposed() {
        runner(TestDatabase.create())
                .run(context ->
                        assertThat(context).hasSingleBean(Migrator.class).doesNotHaveBean(MigratorEndpoint.class));
    }
}
