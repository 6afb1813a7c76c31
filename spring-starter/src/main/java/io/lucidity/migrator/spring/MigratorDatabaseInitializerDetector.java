package io.lucidity.migrator.spring;

import io.lucidity.migrator.Migrator;
import java.util.Set;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

/**
 * Tells Spring Boot that the {@link Migrator} and {@link MigratorInitializer} beans initialize the database, so
 * that JPA, JdbcTemplate and {@code @DependsOnDatabaseInitialization} beans wait for them. Registered in
 * {@code META-INF/spring.factories}.
 */
class MigratorDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(Migrator.class, MigratorInitializer.class);
    }

    /** Same rank as Spring Boot's Flyway initializer: before SQL scripts and JPA's own initialization. */
    @Override
    public int getOrder() {
        return 1;
    }
}
