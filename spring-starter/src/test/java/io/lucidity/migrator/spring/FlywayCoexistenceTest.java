package io.lucidity.migrator.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.Migrator;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * With {@code spring-boot-flyway} on the classpath too, only one of them migrates: Migrator, unless
 * {@code migrator.enabled=false}. Runs on the Flyway that Spring Boot's BOM manages.
 */
class FlywayCoexistenceTest {
    /** Spring Boot 4.0.7's managed Flyway version. */
    private static final String BOOT_MANAGED_FLYWAY = "11.14.1";

    private static ApplicationContextRunner runner(TestDatabase db) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        DataSourceAutoConfiguration.class,
                        FlywayAutoConfiguration.class,
                        MigratorAutoConfiguration.class))
                .withBean(FlywayEvents.class)
                .withPropertyValues(db.dataSourceProperties());
    }

    @Test
    void theFlywayOnTheClasspathIsTheOneSpringBootManages() throws Exception {
        Path jar = Path.of(MigrationVersion.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        assertThat(jar.getFileName().toString()).isEqualTo("flyway-core-" + BOOT_MANAGED_FLYWAY + ".jar");
    }

    @Test
    void withBothPresentOnlyMigratorMigrates() {
        TestDatabase db = TestDatabase.create();
        runner(db).run(context -> {
            assertThat(context).hasSingleBean(Flyway.class).hasSingleBean(Migrator.class);
            assertThat(context.getBean(FlywayMigrationStrategy.class)).isNotNull();
            assertThat(context.getBean(MigratorInitializer.class).report().migrations())
                    .hasSize(7);
            assertThat(context.getBean(FlywayEvents.class).events).doesNotContain(Event.BEFORE_MIGRATE);
            // Boot's Flyway bean reads the history Migrator wrote.
            assertThat(context.getBean(Flyway.class)
                            .info()
                            .current()
                            .getVersion()
                            .getVersion())
                    .isEqualTo("7");
        });
        assertThat(db.count("SELECT count(*) FROM users")).isEqualTo(1);
    }

    @Test
    void withMigratorDisabledFlywayMigrates() {
        TestDatabase db = TestDatabase.create();
        runner(db)
                .withPropertyValues("migrator.enabled=false", "spring.flyway.locations=classpath:db/flyway-only")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(Migrator.class).doesNotHaveBean(FlywayMigrationStrategy.class);
                    assertThat(context.getBean(FlywayEvents.class).events).contains(Event.BEFORE_MIGRATE);
                });
        assertThat(db.count("SELECT count(*) FROM flyway_schema_history WHERE version = '1' AND success"))
                .isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM pg_tables WHERE tablename = 'flyway_only'"))
                .isEqualTo(1);
    }

    @Test
    void withFlywayDisabledMigratorMigratesAlone() {
        TestDatabase db = TestDatabase.create();
        runner(db).withPropertyValues("spring.flyway.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(Flyway.class);
            assertThat(context.getBean(MigratorInitializer.class).report().toRevision())
                    .isEqualTo("7");
        });
    }

    @Test
    void withoutSpringBootFlywayMigratorMigratesAndRegistersNoStrategy() {
        // Hides the class the coexistence configuration is conditional on (Boot's own spring.factories entries
        // would fail to load if the whole module were hidden).
        TestDatabase db = TestDatabase.create();
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(DataSourceAutoConfiguration.class, MigratorAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(FlywayMigrationStrategy.class))
                .withPropertyValues(db.dataSourceProperties())
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .doesNotHaveBean(Flyway.class)
                            .doesNotHaveBean("migratorOwnsFlywayMigrations");
                    assertThat(context.getBean(MigratorInitializer.class)
                                    .report()
                                    .toRevision())
                            .isEqualTo("7");
                });
    }

    /** Records the Flyway events Boot's Flyway bean fires (Boot registers every Callback bean with it). */
    static class FlywayEvents implements Callback {
        final List<Event> events = new CopyOnWriteArrayList<>();

        @Override
        public boolean supports(Event event, Context context) {
            events.add(event);
            return false;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {}

        @Override
        public String getCallbackName() {
            return "recording";
        }
    }
}
