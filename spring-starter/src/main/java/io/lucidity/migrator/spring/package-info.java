/**
 * Spring Boot 4 starter: upgrades the database to this build's revision while the application starts.
 *
 * <p>{@link io.lucidity.migrator.spring.MigratorAutoConfiguration} configures a {@link io.lucidity.migrator.Migrator}
 * from {@link io.lucidity.migrator.spring.MigratorProperties} ({@code migrator.*}) and any
 * {@link io.lucidity.migrator.spring.MigratorConfigurationCustomizer}, and runs it through
 * {@link io.lucidity.migrator.spring.MigratorInitializer} before JPA and JdbcTemplate. A refusal is printed by a
 * failure analyzer; with the actuator, {@link io.lucidity.migrator.spring.MigratorHealthIndicator} and
 * {@link io.lucidity.migrator.spring.MigratorEndpoint} report the state.
 */
package io.lucidity.migrator.spring;
