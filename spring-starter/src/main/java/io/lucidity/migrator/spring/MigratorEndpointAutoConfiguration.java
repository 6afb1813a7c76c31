package io.lucidity.migrator.spring;

import io.lucidity.migrator.Migrator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Adds the {@code migrator} actuator endpoint when Spring Boot's actuator is present and the endpoint is exposed.
 * The endpoint condition sits on the bean method, evaluated only once the class-level {@code @ConditionalOnClass}
 * passed.
 */
@AutoConfiguration(after = MigratorAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(Migrator.class)
public final class MigratorEndpointAutoConfiguration {

    /** The endpoint, when exposed ({@code management.endpoints.web.exposure.include}) and allowed. */
    @Bean
    @ConditionalOnAvailableEndpoint
    @ConditionalOnMissingBean
    MigratorEndpoint migratorEndpoint(Migrator migrator, ObjectProvider<MigratorInitializer> initializer) {
        return new MigratorEndpoint(migrator, initializer);
    }
}
