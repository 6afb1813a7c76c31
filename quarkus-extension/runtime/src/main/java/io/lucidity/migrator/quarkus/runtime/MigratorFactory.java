package io.lucidity.migrator.quarkus.runtime;

import io.lucidity.migrator.Integration;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorConfig;
import java.util.List;
import javax.sql.DataSource;

/** Turns the Quarkus configuration of one datasource into a core {@link Migrator}: every key maps to one option. */
final class MigratorFactory {

    private MigratorFactory() {}

    static Migrator create(
            String dataSourceName,
            DataSource dataSource,
            List<String> locations,
            List<String> seedLocations,
            MigratorDataSourceRuntimeConfig config) {
        MigratorConfig.Builder builder = Migrator.configure()
                .integration(Integration.quarkus(dataSourceName))
                .dataSource(dataSource)
                .locations(values(locations))
                .seedLocations(values(seedLocations))
                .extensions(values(config.extensions()))
                .schema(config.schema())
                .table(config.table())
                .lockTimeout(config.lockTimeout())
                .ddlLockTimeout(config.ddlLockTimeout())
                .ddlLockRetries(config.ddlLockRetries())
                .connectTimeout(config.connectTimeout())
                .lockLogInterval(config.lockLogInterval())
                .tolerateNewerSchema(config.tolerateNewerSchema())
                .outOfOrder(config.outOfOrder())
                .setting("transaction-mode", config.transactionMode())
                .placeholderReplacement(config.placeholderReplacement())
                .applicationName(config.applicationName())
                .classLoader(Thread.currentThread().getContextClassLoader());
        config.placeholders().forEach(builder::placeholder);
        config.seedVariables().forEach(builder::seedVariable);
        config.migrationUrl().ifPresent(builder::migrationUrl);
        config.migrationUser().ifPresent(builder::migrationUser);
        config.migrationPassword().ifPresent(builder::migrationPassword);
        return builder.load();
    }

    /** A list setting's values, without blanks (the builder reads {@code none} alone as the empty list). */
    private static String[] values(List<String> list) {
        return list.stream().map(String::trim).filter(v -> !v.isEmpty()).toArray(String[]::new);
    }
}
