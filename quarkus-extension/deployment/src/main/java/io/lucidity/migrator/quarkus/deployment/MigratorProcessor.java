package io.lucidity.migrator.quarkus.deployment;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorOption;
import io.lucidity.migrator.quarkus.MigratorDataSource;
import io.lucidity.migrator.quarkus.deployment.MigratorDataSourcesBuildItem.ManagedDataSource;
import io.lucidity.migrator.quarkus.runtime.MigratorBuildTimeConfig;
import io.lucidity.migrator.quarkus.runtime.MigratorDataSourceBuildTimeConfig;
import io.lucidity.migrator.quarkus.runtime.MigratorRecorder;
import io.quarkus.agroal.deployment.AgroalDataSourceBuildUtil;
import io.quarkus.agroal.spi.JdbcDataSourceBuildItem;
import io.quarkus.agroal.spi.JdbcDataSourceSchemaReadyBuildItem;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.deployment.SyntheticBeansRuntimeInitBuildItem;
import io.quarkus.datasource.common.runtime.DataSourceUtil;
import io.quarkus.datasource.common.runtime.DatabaseKind;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.annotations.Consume;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Produce;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.ApplicationInfoBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.HotDeploymentWatchedFileBuildItem;
import io.quarkus.deployment.builditem.InitTaskBuildItem;
import io.quarkus.deployment.builditem.InitTaskCompletedBuildItem;
import io.quarkus.deployment.builditem.ServiceStartBuildItem;
import io.quarkus.deployment.builditem.nativeimage.NativeImageResourceBuildItem;
import io.quarkus.deployment.logging.LoggingSetupBuildItem;
import io.quarkus.runtime.util.ClassPathUtils;
import io.quarkus.smallrye.health.deployment.spi.HealthBuildItem;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.ClassType;
import org.jboss.jandex.DotName;
import org.jboss.logging.Logger;

/**
 * Build steps of the Migrator extension, after quarkus-flyway: find the migration and seed files, register them as
 * native-image resources, create a {@link Migrator} bean per PostgreSQL datasource, run the upgrade at RUNTIME_INIT
 * before Hibernate ORM, declare the init task and the readiness check.
 */
@BuildSteps(onlyIf = MigratorEnabled.class)
class MigratorProcessor {
    private static final String FEATURE = "migrator";
    private static final String CLASSPATH = "classpath:";
    private static final String HEALTH_CHECK = "io.lucidity.migrator.quarkus.runtime.MigratorHealthCheck";
    private static final Logger LOG = Logger.getLogger(MigratorProcessor.class);

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    /**
     * The PostgreSQL datasources Migrator manages: the default one always; a named one when its locations are set or
     * hold files. Its classpath files, listed here, become native-image resources;
     * in dev mode, any file added to or changed under its classpath locations restarts the application.
     */
    @BuildStep
    MigratorDataSourcesBuildItem discover(
            MigratorBuildTimeConfig config,
            List<JdbcDataSourceBuildItem> jdbcDataSources,
            BuildProducer<NativeImageResourceBuildItem> nativeResources,
            BuildProducer<HotDeploymentWatchedFileBuildItem> watchedFiles) {
        List<ManagedDataSource> managed = new ArrayList<>();
        List<JdbcDataSourceBuildItem> sorted = jdbcDataSources.stream()
                .sorted(Comparator.comparing((JdbcDataSourceBuildItem d) -> !d.isDefault())
                        .thenComparing(JdbcDataSourceBuildItem::getName))
                .toList();
        for (JdbcDataSourceBuildItem dataSource : sorted) {
            String name = dataSource.getName();
            if (!DatabaseKind.isPostgreSQL(dataSource.getDbKind())) {
                LOG.debugf("[migrator] Datasource %s is %s, not PostgreSQL: not managed", name, dataSource.getDbKind());
                continue;
            }
            MigratorDataSourceBuildTimeConfig dataSourceConfig =
                    config.datasources().get(name);
            boolean isDefault = DataSourceUtil.isDefault(name);
            List<String> locations = dataSourceConfig.locations().orElse(defaultLocations(name, isDefault));
            List<String> seedLocations = dataSourceConfig.seedLocations().orElse(defaultSeedLocations(name, isDefault));
            Set<String> resources = new LinkedHashSet<>();
            for (String location : concat(locations, seedLocations)) {
                resources.addAll(classpathFiles(location));
            }
            boolean configured = dataSourceConfig.locations().isPresent()
                    || dataSourceConfig.seedLocations().isPresent();
            if (!isDefault && !configured && resources.isEmpty()) {
                LOG.debugf(
                        "[migrator] Datasource %s has no files in %s or %s: not managed",
                        name, locations, seedLocations);
                continue;
            }
            managed.add(new ManagedDataSource(name, locations, seedLocations, List.copyOf(resources)));
            if (!resources.isEmpty()) {
                nativeResources.produce(new NativeImageResourceBuildItem(List.copyOf(resources)));
            }
            List<String> roots = classpathRoots(concat(locations, seedLocations));
            if (!roots.isEmpty()) {
                watchedFiles.produce(HotDeploymentWatchedFileBuildItem.builder()
                        .setLocationPredicate(filesUnder(roots))
                        .setRestartNeeded(true)
                        .build());
            }
        }
        return new MigratorDataSourcesBuildItem(managed);
    }

    /** A {@code Migrator} bean per managed datasource: {@code @Default} for the default one, {@code @MigratorDataSource("name")} else. */
    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    @Produce(SyntheticBeansRuntimeInitBuildItem.class)
    @Consume(LoggingSetupBuildItem.class)
    void createBeans(
            MigratorRecorder recorder,
            MigratorDataSourcesBuildItem dataSources,
            BuildProducer<AdditionalBeanBuildItem> additionalBeans,
            BuildProducer<SyntheticBeanBuildItem> syntheticBeans) {
        additionalBeans.produce(AdditionalBeanBuildItem.builder()
                .addBeanClass(MigratorDataSource.class)
                .build());
        recorder.setDataSourceNames(dataSources.names());
        for (ManagedDataSource dataSource : dataSources.dataSources()) {
            String name = dataSource.name();
            SyntheticBeanBuildItem.ExtendedBeanConfigurator bean = SyntheticBeanBuildItem.configure(Migrator.class)
                    .scope(Singleton.class)
                    .setRuntimeInit()
                    .unremovable()
                    .addInjectionPoint(
                            ClassType.create(DotName.createSimple("io.agroal.api.AgroalDataSource")),
                            AgroalDataSourceBuildUtil.qualifier(name))
                    .createWith(recorder.migratorFunction(name, dataSource.locations(), dataSource.seedLocations()));
            if (DataSourceUtil.isDefault(name)) {
                bean.addQualifier(Default.class);
            } else {
                bean.addQualifier(AnnotationInstance.builder(MigratorDataSource.class)
                        .add("value", name)
                        .build());
            }
            syntheticBeans.produce(bean.done());
        }
    }

    /**
     * Runs the upgrade of each managed datasource at RUNTIME_INIT, then tells Hibernate ORM (and any other consumer of
     * {@link JdbcDataSourceSchemaReadyBuildItem}) that the schema is ready, so ORM never starts first.
     */
    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    @Consume(SyntheticBeansRuntimeInitBuildItem.class)
    ServiceStartBuildItem migrateAtStart(
            MigratorRecorder recorder,
            MigratorDataSourcesBuildItem dataSources,
            BuildProducer<JdbcDataSourceSchemaReadyBuildItem> schemaReady,
            BuildProducer<InitTaskCompletedBuildItem> initTaskCompleted) {
        for (String name : dataSources.names()) {
            recorder.migrateAtStart(name);
        }
        schemaReady.produce(new JdbcDataSourceSchemaReadyBuildItem(dataSources.names()));
        initTaskCompleted.produce(new InitTaskCompletedBuildItem(FEATURE));
        return new ServiceStartBuildItem(FEATURE);
    }

    /**
     * The init task: with {@code QUARKUS_INIT_AND_EXIT=true} the application upgrades the database and exits, e.g.
     * as a Kubernetes init container; the application's own containers then skip the upgrade.
     */
    @BuildStep
    InitTaskBuildItem initTask(ApplicationInfoBuildItem app) {
        return InitTaskBuildItem.create()
                .withName(app.getName() + "-migrator-init")
                .withTaskEnvVars(Map.of("QUARKUS_INIT_AND_EXIT", "true", "QUARKUS_MIGRATOR_MIGRATE_AT_START", "true"))
                .withAppEnvVars(Map.of("QUARKUS_MIGRATOR_MIGRATE_AT_START", "false"))
                .withSharedEnvironment(true)
                .withSharedFilesystem(true);
    }

    /** The readiness check {@code migrator}, active when quarkus-smallrye-health is present. */
    @BuildStep
    HealthBuildItem healthCheck(MigratorBuildTimeConfig config) {
        // By name: the class implements a SmallRye Health interface that may be absent from the build.
        return new HealthBuildItem(HEALTH_CHECK, config.healthEnabled());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * Dev mode's test for a changed resource (a path relative to a resource root, {@code /}-separated, such as
     * {@code db/migration/V2__orders.sql}): any file under one of {@code roots}, including files added after the build,
     * so that a new migration or seed restarts the application like an edited one.
     */
    static Predicate<String> filesUnder(List<String> roots) {
        List<String> prefixes = roots.stream().map(root -> root + "/").toList();
        return path -> prefixes.stream().anyMatch(path::startsWith);
    }

    /** The migration locations without {@code locations}: core's default, {@code classpath:db/<name>/migration} for a named datasource. */
    static List<String> defaultLocations(String name, boolean isDefault) {
        return List.of(isDefault ? MigratorOption.Defaults.LOCATIONS : "classpath:db/" + name + "/migration");
    }

    /** The seed locations without {@code seed-locations}: core's default, {@code classpath:db/<name>/seed} for a named datasource. */
    static List<String> defaultSeedLocations(String name, boolean isDefault) {
        return List.of(isDefault ? MigratorOption.Defaults.SEEDS : "classpath:db/" + name + "/seed");
    }

    /** The resource roots of the {@code classpath:} (or unprefixed) locations, e.g. {@code db/migration}. */
    static List<String> classpathRoots(List<String> locations) {
        return locations.stream()
                .map(MigratorProcessor::classpathRoot)
                .flatMap(Optional::stream)
                .distinct()
                .toList();
    }

    /** The resource root of a {@code classpath:} (or unprefixed) location; empty for {@code filesystem:} and {@code none}. */
    private static Optional<String> classpathRoot(String location) {
        if (location.contains(":") && !location.startsWith(CLASSPATH)) {
            return Optional.empty();
        }
        String path = location.startsWith(CLASSPATH) ? location.substring(CLASSPATH.length()) : location;
        String root = path.startsWith("/") ? path.substring(1) : path;
        root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        return root.isEmpty() || "none".equals(root) ? Optional.empty() : Optional.of(root);
    }

    /** The files under a {@code classpath:} location as resource names; other locations are read at run time. */
    private static Set<String> classpathFiles(String location) {
        Set<String> files = new LinkedHashSet<>();
        Optional<String> classpathRoot = classpathRoot(location);
        if (classpathRoot.isEmpty()) {
            return files;
        }
        String root = classpathRoot.get();
        try {
            ClassPathUtils.consumeAsPaths(Thread.currentThread().getContextClassLoader(), root, dir -> {
                if (!Files.isDirectory(dir)) {
                    return;
                }
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(Files::isRegularFile)
                            .map(file -> root + "/"
                                    + dir.relativize(file)
                                            .toString()
                                            .replace(file.getFileSystem().getSeparator(), "/"))
                            .sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the Migrator location " + location, e);
        }
        return files;
    }
}
