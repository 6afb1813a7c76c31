package io.lucidity.migrator.quarkus.runtime;

import io.agroal.api.AgroalDataSource;
import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.FleetReport;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorException;
import io.quarkus.agroal.runtime.AgroalDataSourceUtil;
import io.quarkus.arc.SyntheticCreationalContext;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Creates the {@link Migrator} beans and runs the upgrade at RUNTIME_INIT, before Hibernate ORM starts. A refusal is
 * thrown as it is: the {@link io.lucidity.migrator.MigratorException} (code, facts, remedy) fails the start-up. With a
 * tenant source ({@code tenant-schemas}, {@code tenant-databases}, {@code tenants}, {@code tenant-query}) the start
 * upgrades the fleet instead, and a refused tenant fails the start-up with the worst tenant's code, naming the failed
 * tenants, once every other tenant was upgraded.
 */
@Recorder
public class MigratorRecorder {
    private static final Logger LOG = Logger.getLogger("io.lucidity.migrator.quarkus");

    private final RuntimeValue<MigratorRuntimeConfig> config;

    /** @param config the run-time configuration, injected by Quarkus */
    public MigratorRecorder(RuntimeValue<MigratorRuntimeConfig> config) {
        this.config = config;
    }

    /** Remembers which datasources Migrator manages (for the health check). */
    public void setDataSourceNames(List<String> dataSourceNames) {
        MigratorBeans.dataSourceNames(dataSourceNames);
    }

    /** Creates the Migrator of one datasource over its Agroal pool, with the locations found at build time. */
    public Function<SyntheticCreationalContext<Migrator>, Migrator> migratorFunction(
            String dataSourceName, List<String> locations, List<String> seedLocations) {
        return context -> {
            AgroalDataSource dataSource = context.getInjectedReference(
                    AgroalDataSource.class, AgroalDataSourceUtil.qualifier(dataSourceName));
            return MigratorFactory.create(
                    dataSourceName,
                    dataSource,
                    locations,
                    seedLocations,
                    config.getValue().datasources().get(dataSourceName));
        };
    }

    /**
     * Runs the upgrade of one datasource when {@code migrate-at-start} is true and the datasource is active.
     *
     * @throws io.lucidity.migrator.MigratorException when the database refuses the upgrade: the start-up fails with it
     */
    public void migrateAtStart(String dataSourceName) {
        MigratorDataSourceRuntimeConfig dataSourceConfig =
                config.getValue().datasources().get(dataSourceName);
        String label = MigratorBeans.label(dataSourceName);
        if (!dataSourceConfig.migrateAtStart()) {
            LOG.infof("[migrator] Not upgrading the %s at start (migrate-at-start=false)", label);
            return;
        }
        if (AgroalDataSourceUtil.dataSourceIfActive(dataSourceName).isEmpty()) {
            LOG.infof("[migrator] Not upgrading the %s: the datasource is inactive", label);
            return;
        }
        Migrator migrator = MigratorBeans.migrator(dataSourceName);
        String target = dataSourceConfig.target();
        if (migrator.config().isFleet()) {
            upgradeFleet(dataSourceName, migrator, target);
            return;
        }
        LOG.debugf("[migrator] Upgrading the %s to %s", label, target);
        // Core logs the report; a refusal propagates and fails the start-up with its diagnostic.
        if ("head".equals(target)) {
            migrator.upgradeToHead();
        } else {
            migrator.upgradeTo(target);
        }
    }

    /** Upgrades every tenant; a refused tenant fails the start-up with the worst code, after the others. */
    private static void upgradeFleet(String dataSourceName, Migrator migrator, String target) {
        if (!"head".equals(target)) {
            String key = MigratorFactory.key(dataSourceName, "target");
            throw MigratorException.of(
                    DiagnosticCode.CONFIG_INVALID,
                    key + " is " + target + ", but a fleet is upgraded to head only.",
                    Map.of(key, target),
                    "Remove " + key + " (or set it to head) while a tenant source is set.",
                    null);
        }
        FleetReport report = migrator.upgradeFleet(); // core logs the fleet's summary line
        MigratorBeans.startReport(dataSourceName, report);
        MigratorException refusal = report.refusal(migrator.config().integration());
        if (refusal != null) {
            throw refusal;
        }
    }
}
