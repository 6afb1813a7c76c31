package io.lucidity.migrator.spring;

import io.lucidity.migrator.Migrator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Adds the {@code migrator} health component when Spring Boot's health support is present and
 * {@code management.health.migrator.enabled} is not false. Conditions on classes that may be absent sit on the
 * bean method, evaluated only once the class-level {@code @ConditionalOnClass} passed.
 */
@AutoConfiguration(after = MigratorAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(Migrator.class)
public final class MigratorHealthContributorAutoConfiguration {

    /** The bean name, minus {@code HealthIndicator}, is the component's name: {@code migrator}. */
    @Bean
    @ConditionalOnEnabledHealthIndicator("migrator")
    @ConditionalOnMissingBean(name = "migratorHealthIndicator")
    MigratorHealthIndicator migratorHealthIndicator(
            Migrator migrator, ObjectProvider<MigratorInitializer> initializer) {
        return new MigratorHealthIndicator(migrator, () -> {
            MigratorInitializer run = initializer.getIfAvailable();
            return run == null ? null : run.fleetReport();
        });
    }
}
