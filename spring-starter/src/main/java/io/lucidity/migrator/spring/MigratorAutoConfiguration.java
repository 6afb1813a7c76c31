package io.lucidity.migrator.spring;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.Integration;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;

/**
 * Upgrades the database while the application starts: a {@link Migrator} configured from {@code migrator.*}
 * and a {@link MigratorInitializer} that runs it before JPA, JdbcTemplate and every
 * {@code @DependsOnDatabaseInitialization} bean. Applies when there is a DataSource (or {@code migrator.url})
 * and {@code migrator.enabled} is not false. An application's own {@link Migrator} bean replaces the
 * configured one and is still run at start; its own {@link MigratorInitializer} replaces the start-up run.
 *
 * <p>When Spring Boot's Flyway support is present too, Migrator migrates and Boot's Flyway initializer is
 * given a strategy that does nothing, unless the application declares its own {@link FlywayMigrationStrategy}.
 * Other auto-configurations are named as strings so that a class moved between Boot versions cannot fail
 * this one at class loading; {@code AutoConfigurationNamesTest} checks that every name exists.
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        beforeName = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")
@ConditionalOnClass(name = "io.lucidity.migrator.Migrator")
@Conditional(MigratorAutoConfiguration.DataSourceAvailable.class)
@ConditionalOnBooleanProperty(name = "migrator.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MigratorProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class MigratorAutoConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(MigratorAutoConfiguration.class);

    /** The Migrator, configured from {@code migrator.*} then by every {@link MigratorConfigurationCustomizer}. */
    @Bean
    @ConditionalOnMissingBean
    Migrator migrator(
            MigratorProperties properties,
            ObjectProvider<DataSource> dataSource,
            @MigratorDataSource ObjectProvider<DataSource> migratorDataSource,
            ObjectProvider<MigratorConfigurationCustomizer> customizers,
            ResourceLoader resourceLoader) {
        MigratorConfig.Builder builder = Migrator.configure().integration(Integration.spring());
        builder.classLoader(resourceLoader.getClassLoader());
        connection(builder, properties, migratorDataSource.getIfAvailable(), dataSource.getIfUnique());
        configure(builder, properties);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.load();
    }

    /** Runs the upgrade while the context starts. */
    @Bean
    @ConditionalOnMissingBean
    MigratorInitializer migratorInitializer(Migrator migrator, MigratorProperties properties) {
        return new MigratorInitializer(migrator, properties.getTarget());
    }

    static void connection(
            MigratorConfig.Builder builder,
            MigratorProperties p,
            DataSource migratorDataSource,
            DataSource dataSource) {
        if (hasText(p.getUrl())) {
            builder.url(p.getUrl()).user(p.getUser()).password(p.getPassword());
        } else if (hasText(p.getUser()) || hasText(p.getPassword())) {
            throw MigratorException.of(
                    DiagnosticCode.CONFIG_INVALID,
                    "migrator.user or migrator.password is set without migrator.url.",
                    facts("migrator.user", String.valueOf(p.getUser()), "migrator.url", "(not set)"),
                    "Set migrator.url to the JDBC URL these credentials are for, or remove migrator.user and "
                            + "migrator.password to use the application's DataSource.",
                    null);
        } else if (migratorDataSource != null) {
            builder.dataSource(migratorDataSource);
        } else if (dataSource != null) {
            builder.dataSource(dataSource);
        } else {
            throw MigratorException.of(
                    DiagnosticCode.CONFIG_INVALID,
                    "There are several DataSource beans and none is primary; Migrator cannot choose one.",
                    Map.of(),
                    "Mark one DataSource @Primary, qualify the one for migrations with @MigratorDataSource, "
                            + "or set migrator.url.",
                    null);
        }
        builder.migrationUrl(p.getMigrationUrl())
                .migrationUser(p.getMigrationUser())
                .migrationPassword(p.getMigrationPassword());
    }

    static void configure(MigratorConfig.Builder builder, MigratorProperties p) {
        builder.schema(p.getSchema())
                .table(p.getTable())
                .locations(list(p.getLocations()))
                .seedLocations(list(p.getSeedLocations()))
                .extensions(list(p.getExtensions()))
                .lockTimeout(p.getLockTimeout())
                .ddlLockTimeout(p.getDdlLockTimeout())
                .ddlLockRetries(p.getDdlLockRetries())
                .connectTimeout(p.getConnectTimeout())
                .lockLogInterval(p.getLockLogInterval())
                .tolerateNewerSchema(p.isTolerateNewerSchema())
                .outOfOrder(p.isOutOfOrder())
                .transactionMode(p.getTransactionMode())
                .lint(p.getLint())
                .placeholderReplacement(p.isPlaceholderReplacement())
                .applicationName(p.getApplicationName())
                .parallelism(p.getParallel());
        p.getPlaceholders().forEach(builder::placeholder);
        p.getSeedVariables().forEach(builder::seedVariable);
        tenants(builder, p);
    }

    /** The tenant source, when one is set: the start then upgrades the fleet. Two sources are refused. */
    static void tenants(MigratorConfig.Builder builder, MigratorProperties p) {
        Map<String, String> sources = new LinkedHashMap<>();
        if (p.getTenantSchemas() != null) {
            sources.put("migrator.tenant-schemas", p.getTenantSchemas());
        }
        if (p.getTenantDatabases() != null) {
            sources.put("migrator.tenant-databases", p.getTenantDatabases());
        }
        if (p.getTenants() != null) {
            sources.put("migrator.tenants", String.join(",", p.getTenants()));
        }
        if (p.getTenantQuery() != null) {
            sources.put("migrator.tenant-query", p.getTenantQuery());
        }
        if (sources.size() > 1) {
            throw MigratorException.of(
                    DiagnosticCode.CONFIG_INVALID,
                    "Several tenant sources are set: " + String.join(", ", sources.keySet()) + ".",
                    sources,
                    "Keep one of " + String.join(", ", sources.keySet()) + " and remove the others.",
                    null);
        }
        if (p.getTenantSchemas() != null) {
            builder.tenantSchemas(p.getTenantSchemas());
        } else if (p.getTenantDatabases() != null) {
            builder.tenantDatabases(p.getTenantDatabases());
        } else if (p.getTenants() != null) {
            builder.tenants(list(p.getTenants()));
        } else if (p.getTenantQuery() != null) {
            builder.tenantQuery(p.getTenantQuery());
        }
    }

    /** The values without blanks (the builder reads {@code none} alone as the empty list). */
    static String[] list(List<String> values) {
        return values == null
                ? new String[0]
                : values.stream()
                        .filter(MigratorAutoConfiguration::hasText)
                        .map(String::trim)
                        .toArray(String[]::new);
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }

    private static Map<String, String> facts(String... namesAndValues) {
        Map<String, String> facts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            facts.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return facts;
    }

    /**
     * With Spring Boot's Flyway support on the classpath, only Migrator migrates: Boot's
     * {@code FlywayMigrationInitializer} gets this strategy, which leaves the database to Migrator. An
     * application's own {@link FlywayMigrationStrategy} wins over it.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy")
    static class FlywayCoexistenceConfiguration {

        @Bean
        @ConditionalOnMissingBean(FlywayMigrationStrategy.class)
        FlywayMigrationStrategy migratorOwnsFlywayMigrations() {
            return flyway -> LOG.info("Migrator: Spring Boot's Flyway migration skipped; Migrator upgrades the database"
                    + " (set migrator.enabled=false to let Flyway migrate instead).");
        }
    }

    /** A DataSource bean, or {@code migrator.url}. */
    static final class DataSourceAvailable extends AnyNestedCondition {

        DataSourceAvailable() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(DataSource.class)
        private static final class DataSourceBean {}

        @ConditionalOnProperty(name = "migrator.url")
        private static final class MigratorUrl {}
    }
}
