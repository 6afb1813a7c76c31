package io.lucidity.migrator.quarkus.deployment;

import io.quarkus.builder.item.SimpleBuildItem;
import java.util.List;

/** The datasources Migrator manages, with their locations and the classpath files found in them at build time. */
final class MigratorDataSourcesBuildItem extends SimpleBuildItem {
    private final List<ManagedDataSource> dataSources;

    MigratorDataSourcesBuildItem(List<ManagedDataSource> dataSources) {
        this.dataSources = List.copyOf(dataSources);
    }

    List<ManagedDataSource> dataSources() {
        return dataSources;
    }

    List<String> names() {
        return dataSources.stream().map(ManagedDataSource::name).toList();
    }

    /**
     * One managed datasource.
     *
     * @param name           the datasource name
     * @param locations      migration locations
     * @param seedLocations  seed locations
     * @param resources      the classpath resources found in both, e.g. {@code db/migration/V1__users.sql}
     */
    record ManagedDataSource(String name, List<String> locations, List<String> seedLocations, List<String> resources) {}
}
