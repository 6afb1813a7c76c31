package io.lucidity.migrator.spring;

import io.lucidity.migrator.MigratorConfig;

/**
 * Adjusts the configuration of the auto-configured {@link io.lucidity.migrator.Migrator} in code, after the
 * {@code migrator.*} properties are applied and before it is validated: a listener, pre-upgrade checks, seed
 * variables from a secret store. Every bean of this type is applied, in {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * MigratorConfigurationCustomizer seedSecrets(Vault vault) {
 *     return builder -> builder.seedVariable("ADMIN_PASSWORD_HASH", vault.read("admin-hash"));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface MigratorConfigurationCustomizer {

    /** Adjusts {@code builder}; later calls win over the properties. */
    void customize(MigratorConfig.Builder builder);
}
