package io.lucidity.migrator.quarkus.runtime;

import io.lucidity.migrator.FleetReport;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.quarkus.MigratorDataSource;
import io.quarkus.arc.Arc;
import io.quarkus.datasource.common.runtime.DataSourceUtil;
import jakarta.enterprise.inject.Default;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Finds the {@link Migrator} bean of a datasource; knows which datasources have one. */
public final class MigratorBeans {
    private static volatile List<String> dataSourceNames = List.of();
    private static final Map<String, FleetReport> START_REPORTS = new ConcurrentHashMap<>();

    private MigratorBeans() {}

    /** The names of the datasources Migrator manages, the default one first. */
    public static List<String> dataSourceNames() {
        return dataSourceNames;
    }

    static void dataSourceNames(List<String> names) {
        dataSourceNames = List.copyOf(names);
    }

    /** The fleet upgrade's report at start for {@code dataSourceName}, or null when no fleet was upgraded. */
    static FleetReport startReport(String dataSourceName) {
        return START_REPORTS.get(dataSourceName);
    }

    static void startReport(String dataSourceName, FleetReport report) {
        START_REPORTS.put(dataSourceName, report);
    }

    /** The qualifier of the Migrator bean of {@code dataSourceName}. */
    public static Annotation qualifier(String dataSourceName) {
        return DataSourceUtil.isDefault(dataSourceName)
                ? Default.Literal.INSTANCE
                : MigratorDataSource.Literal.of(dataSourceName);
    }

    /** The Migrator bean of {@code dataSourceName}. */
    public static Migrator migrator(String dataSourceName) {
        return Arc.container().select(Migrator.class, qualifier(dataSourceName)).get();
    }

    /** How a datasource is named in log lines and health data. */
    static String label(String dataSourceName) {
        return DataSourceUtil.isDefault(dataSourceName) ? "default datasource" : "datasource '" + dataSourceName + "'";
    }
}
