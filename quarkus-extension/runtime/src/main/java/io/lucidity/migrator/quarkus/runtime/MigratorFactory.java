package io.lucidity.migrator.quarkus.runtime;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.Integration;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorException;
import io.quarkus.datasource.common.runtime.DataSourceUtil;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
                .setting("lint", config.lint())
                .placeholderReplacement(config.placeholderReplacement())
                .applicationName(config.applicationName())
                .classLoader(Thread.currentThread().getContextClassLoader());
        config.placeholders().forEach(builder::placeholder);
        config.seedVariables().forEach(builder::seedVariable);
        config.migrationUrl().ifPresent(builder::migrationUrl);
        config.migrationUser().ifPresent(builder::migrationUser);
        config.migrationPassword().ifPresent(builder::migrationPassword);
        builder.parallelism(config.parallel());
        tenants(builder, dataSourceName, config);
        return builder.load();
    }

    /** The tenant source, when one is set: the start then upgrades the fleet. Two sources are refused. */
    private static void tenants(
            MigratorConfig.Builder builder, String dataSourceName, MigratorDataSourceRuntimeConfig config) {
        Map<String, String> sources = new LinkedHashMap<>();
        config.tenantSchemas().ifPresent(v -> sources.put(key(dataSourceName, "tenant-schemas"), v));
        config.tenantDatabases().ifPresent(v -> sources.put(key(dataSourceName, "tenant-databases"), v));
        config.tenants().ifPresent(v -> sources.put(key(dataSourceName, "tenants"), String.join(",", v)));
        config.tenantQuery().ifPresent(v -> sources.put(key(dataSourceName, "tenant-query"), v));
        if (sources.size() > 1) {
            throw MigratorException.of(
                    DiagnosticCode.CONFIG_INVALID,
                    "Several tenant sources are set: " + String.join(", ", sources.keySet()) + ".",
                    sources,
                    "Keep one of " + String.join(", ", sources.keySet()) + " and remove the others.",
                    null);
        }
        config.tenantSchemas().ifPresent(builder::tenantSchemas);
        config.tenantDatabases().ifPresent(builder::tenantDatabases);
        config.tenants().ifPresent(v -> builder.tenants(values(v)));
        config.tenantQuery().ifPresent(builder::tenantQuery);
    }

    /** The full name of a key of {@code dataSourceName}: {@code quarkus.migrator.parallel}, or with the name quoted. */
    static String key(String dataSourceName, String key) {
        return DataSourceUtil.isDefault(dataSourceName)
                ? "quarkus.migrator." + key
                : "quarkus.migrator.\"" + dataSourceName + "\"." + key;
    }

    /** A list setting's values, without blanks (the builder reads {@code none} alone as the empty list). */
    private static String[] values(List<String> list) {
        return list.stream().map(String::trim).filter(v -> !v.isEmpty()).toArray(String[]::new);
    }
}
