package io.lucidity.migrator.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.ConfigurationException;
import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.ExtensionRequirement;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.TransactionMode;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Every condition and property of {@link MigratorAutoConfiguration}, on a real PostgreSQL database. */
class MigratorAutoConfigurationTest {
    private static final TestDatabase DB = TestDatabase.create();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(DataSourceAutoConfiguration.class, MigratorAutoConfiguration.class))
            .withPropertyValues(DB.dataSourceProperties());

    @Test
    void upgradesTheDatabaseAtStartThroughTheApplicationsDataSource() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(Migrator.class).hasSingleBean(MigratorInitializer.class);
            assertThat(context.getBean(Migrator.class).config().dataSource())
                    .isSameAs(context.getBean(DataSource.class));
            assertThat(context.getBean(MigratorInitializer.class).report().toRevision())
                    .isEqualTo("7");
            assertThat(DB.count("SELECT count(*) FROM users WHERE role = 'admin'"))
                    .isEqualTo(1);
        });
    }

    @Test
    void backsOffWithoutADataSource() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MigratorAutoConfiguration.class))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(Migrator.class)
                        .doesNotHaveBean(MigratorInitializer.class));
    }

    @Test
    void backsOffWhenDisabled() {
        runner.withPropertyValues("migrator.enabled=false")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(Migrator.class)
                        .doesNotHaveBean(MigratorInitializer.class)
                        .doesNotHaveBean(MigratorProperties.class));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsMigratorAndStillRunsIt() {
        runner.withUserConfiguration(OwnMigrator.class).run(context -> {
            Migrator migrator = context.getBean(Migrator.class);
            assertThat(migrator.config().applicationName()).isEqualTo("own-migrator");
            assertThat(context.getBean(MigratorInitializer.class).report()).isNotNull();
        });
    }

    @Test
    void anApplicationInitializerReplacesTheStartupRun() {
        runner.withUserConfiguration(NoStartupRun.class)
                .run(context -> assertThat(context.getBean(MigratorInitializer.class))
                        .isInstanceOf(NoStartupRun.Skipped.class));
    }

    @Test
    void everyPropertyReachesTheConfiguration() {
        runner.withUserConfiguration(NoStartupRun.class)
                .withPropertyValues(
                        "migrator.target=3",
                        "migrator.url=jdbc:postgresql://db.example:5432/app",
                        "migrator.user=app",
                        "migrator.password=s3cret",
                        "migrator.migration-url=jdbc:postgresql://primary.example:5432/app",
                        "migrator.migration-user=owner",
                        "migrator.migration-password=0wner",
                        "migrator.schema=app",
                        "migrator.table=schema_history",
                        "migrator.locations=classpath:db/migration,filesystem:/opt/sql",
                        "migrator.seed-locations=classpath:db/seed-prod",
                        "migrator.extensions=vector>=0.5.0,pg_trgm",
                        "migrator.lock-timeout=45s",
                        "migrator.ddl-lock-timeout=3s",
                        "migrator.connect-timeout=1m",
                        "migrator.lock-log-interval=2s",
                        "migrator.tolerate-newer-schema=true",
                        "migrator.out-of-order=true",
                        "migrator.transaction-mode=per-migration",
                        "migrator.placeholders.owner=app_owner",
                        "migrator.placeholder-replacement=false",
                        "migrator.seed-variables.ADMIN_EMAIL=root@example.com",
                        "migrator.application-name=orders-api")
                .run(context -> {
                    MigratorConfig config = context.getBean(Migrator.class).config();
                    assertThat(context.getBean(MigratorProperties.class).getTarget())
                            .isEqualTo("3");
                    assertThat(config.dataSource()).isNull();
                    assertThat(config.url()).isEqualTo("jdbc:postgresql://db.example:5432/app");
                    assertThat(config.user()).isEqualTo("app");
                    assertThat(config.password()).isEqualTo("s3cret");
                    assertThat(config.migrationUrl()).isEqualTo("jdbc:postgresql://primary.example:5432/app");
                    assertThat(config.migrationUser()).isEqualTo("owner");
                    assertThat(config.migrationPassword()).isEqualTo("0wner");
                    assertThat(config.schema()).isEqualTo("app");
                    assertThat(config.table()).isEqualTo("schema_history");
                    assertThat(config.locations()).containsExactly("classpath:db/migration", "filesystem:/opt/sql");
                    assertThat(config.seedLocations()).containsExactly("classpath:db/seed-prod");
                    assertThat(config.extensions())
                            .containsExactly(
                                    ExtensionRequirement.parse("vector>=0.5.0"), ExtensionRequirement.parse("pg_trgm"));
                    assertThat(config.lockTimeout()).isEqualTo(Duration.ofSeconds(45));
                    assertThat(config.ddlLockTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(config.connectTimeout()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(config.lockLogInterval()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(config.tolerateNewerSchema()).isTrue();
                    assertThat(config.outOfOrder()).isTrue();
                    assertThat(config.transactionMode()).isEqualTo(TransactionMode.PER_MIGRATION);
                    assertThat(config.placeholders()).isEqualTo(Map.of("owner", "app_owner"));
                    assertThat(config.placeholderReplacement()).isFalse();
                    assertThat(config.seedVariables()).isEqualTo(Map.of("ADMIN_EMAIL", "root@example.com"));
                    assertThat(config.applicationName()).isEqualTo("orders-api");
                    assertThat(config.toString()).doesNotContain("s3cret").doesNotContain("0wner");
                });
    }

    @Test
    void defaultsAreTheCoreDefaults() {
        runner.withUserConfiguration(NoStartupRun.class).run(context -> {
            MigratorConfig config = context.getBean(Migrator.class).config();
            MigratorConfig core =
                    Migrator.configure().dataSource(config.dataSource()).build();
            assertThat(config)
                    .usingRecursiveComparison()
                    .ignoringFields("classLoader", "listener", "integration")
                    .isEqualTo(core);
            assertThat(config.integration())
                    .as("remedies in Spring's words")
                    .isEqualTo(io.lucidity.migrator.Integration.spring());
            assertThat(context.getBean(MigratorInitializer.class).target()).isEqualTo("head");
        });
    }

    @Test
    void noneDisablesExtensionsAndSeeds() {
        runner.withUserConfiguration(NoStartupRun.class)
                .withPropertyValues("migrator.extensions=none", "migrator.seed-locations=none")
                .run(context -> {
                    MigratorConfig config = context.getBean(Migrator.class).config();
                    assertThat(config.extensions()).isEmpty();
                    assertThat(config.seedLocations()).isEmpty();
                });
    }

    @Test
    void environmentVariablesInTheClisSpellingBind() {
        Map<String, Object> environment = Map.of("MIGRATOR_LOCK_TIMEOUT", "30s", "MIGRATOR_DDLLOCKTIMEOUT", "1s");
        runner.withUserConfiguration(NoStartupRun.class)
                .withInitializer(context -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)))
                .run(context -> {
                    MigratorConfig config = context.getBean(Migrator.class).config();
                    assertThat(config.lockTimeout()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(config.ddlLockTimeout()).isEqualTo(Duration.ofSeconds(1));
                });
    }

    @Test
    void migratorUrlNeedsNoDataSource() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MigratorAutoConfiguration.class))
                .withPropertyValues(
                        "migrator.url=" + DB.url(),
                        "migrator.user=" + DB.server().user(),
                        "migrator.password=" + DB.server().password())
                .run(context -> {
                    assertThat(context).doesNotHaveBean(DataSource.class);
                    assertThat(context.getBean(Migrator.class).config().url()).isEqualTo(DB.url());
                    assertThat(context.getBean(MigratorInitializer.class)
                                    .report()
                                    .toRevision())
                            .isEqualTo("7");
                });
    }

    @Test
    void userWithoutUrlIsRefusedNamingTheProperty() {
        runner.withPropertyValues("migrator.user=owner").run(context -> {
            assertThat(context).hasFailed();
            MigratorException diagnostic = diagnosticOf(context.getStartupFailure());
            assertThat(diagnostic).isInstanceOf(ConfigurationException.class);
            assertThat(diagnostic.code()).isEqualTo(DiagnosticCode.CONFIG_INVALID);
            assertThat(diagnostic.getMessage()).contains("migrator.url");
        });
    }

    @Test
    void aBadValueFailsTheStartNamingTheSetting() {
        runner.withPropertyValues("migrator.application-name= ").run(context -> {
            MigratorException diagnostic = diagnosticOf(context.getStartupFailure());
            assertThat(diagnostic.code()).isEqualTo(DiagnosticCode.CONFIG_INVALID);
            assertThat(diagnostic.getMessage()).containsIgnoringCase("application");
        });
    }

    @Test
    void theMigratorDataSourceIsPreferredOverThePrimaryOne() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MigratorAutoConfiguration.class))
                .withUserConfiguration(TwoDataSources.class, NoStartupRun.class)
                .run(context -> assertThat(
                                context.getBean(Migrator.class).config().dataSource())
                        .isSameAs(context.getBean("migrationDataSource")));
    }

    @Test
    void customizersRunAfterThePropertiesInOrder() {
        runner.withUserConfiguration(Customizers.class, NoStartupRun.class)
                .withPropertyValues("migrator.lock-timeout=1m", "migrator.schema=from_properties")
                .run(context -> {
                    MigratorConfig config = context.getBean(Migrator.class).config();
                    assertThat(config.lockTimeout()).isEqualTo(Duration.ofMinutes(4));
                    assertThat(config.schema()).isEqualTo("from_properties_customized");
                });
    }

    @Test
    void jdbcTemplateWaitsForTheUpgrade() {
        runner.withConfiguration(AutoConfigurations.of(JdbcTemplateAutoConfiguration.class))
                .run(context -> assertThat(context.getBeanFactory()
                                .getBeanDefinition("jdbcTemplate")
                                .getDependsOn())
                        .contains("migratorInitializer", "migrator"));
    }

    @Test
    void dependsOnDatabaseInitializationBeansWaitForTheUpgrade() {
        runner.withUserConfiguration(NeedsTheSchema.class).run(context -> {
            assertThat(context.getBeanFactory()
                            .getBeanDefinition("schemaReader")
                            .getDependsOn())
                    .contains("migratorInitializer");
            assertThat(context.getBean("schemaReader", Long.class)).isEqualTo(7L);
        });
    }

    static MigratorException diagnosticOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MigratorException e) {
                return e;
            }
        }
        throw new AssertionError("no MigratorException in the cause chain", failure);
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnMigrator {
        @Bean
        Migrator ownMigrator(DataSource dataSource) {
            return Migrator.configure()
                    .dataSource(dataSource)
                    .applicationName("own-migrator")
                    .load();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NoStartupRun {
        @Bean
        MigratorInitializer skipped(Migrator migrator) {
            return new Skipped(migrator);
        }

        static class Skipped extends MigratorInitializer {
            Skipped(Migrator migrator) {
                super(migrator, "head");
            }

            @Override
            public void afterPropertiesSet() {
                // Configuration-only tests: no database behind these settings.
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoDataSources {
        @Bean
        @Primary
        DataSource applicationDataSource() {
            return new PGSimpleDataSource();
        }

        @Bean
        @MigratorDataSource
        DataSource migrationDataSource() {
            return new PGSimpleDataSource();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        @Bean
        @Order(2)
        MigratorConfigurationCustomizer second() {
            return builder -> builder.lockTimeout(Duration.ofMinutes(4));
        }

        @Bean
        @Order(1)
        MigratorConfigurationCustomizer first() {
            return builder -> builder.lockTimeout(Duration.ofMinutes(3)).schema("from_properties_customized");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NeedsTheSchema {
        @Bean
        @org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization
        Long schemaReader(DataSource dataSource) throws Exception {
            try (var c = dataSource.getConnection();
                    var s = c.createStatement();
                    var rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
