package io.lucidity.migrator.spring;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.FleetReport;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.UpgradeReport;
import java.util.Map;
import java.util.Objects;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.Ordered;

/**
 * Upgrades the database while the context starts (Spring Boot's {@code FlywayMigrationInitializer}). It is a
 * database initializer for Spring Boot: the EntityManagerFactory, JdbcTemplate and every
 * {@code @DependsOnDatabaseInitialization} bean are created after it. A refusal stops the context with the
 * {@link io.lucidity.migrator.MigratorException}, which the failure analyzer prints as description and action.
 *
 * <p>With a tenant source ({@code migrator.tenant-schemas}, {@code migrator.tenant-databases}, {@code migrator.tenants}
 * or {@code migrator.tenant-query}) it upgrades the fleet ({@link Migrator#upgradeFleet()}) instead; when a tenant is
 * refused, the start fails with the worst tenant's code, naming the failed tenants, after every other tenant was
 * upgraded.
 */
public class MigratorInitializer implements InitializingBean, Ordered {
    private final Migrator migrator;
    private final String target;
    private volatile UpgradeReport report;
    private volatile FleetReport fleetReport;
    private int order;

    /**
     * @param migrator the Migrator to run
     * @param target   the revision to upgrade to ({@code head} for every migration and the seeds)
     */
    public MigratorInitializer(Migrator migrator, String target) {
        this.migrator = Objects.requireNonNull(migrator, "migrator");
        this.target = target == null || target.isBlank() ? "head" : target.trim();
    }

    @Override
    public void afterPropertiesSet() {
        if (migrator.config().isFleet()) {
            upgradeFleet();
            return;
        }
        UpgradeReport result = "head".equalsIgnoreCase(target) ? migrator.upgradeToHead() : migrator.upgradeTo(target);
        this.report = result; // core logs the report's one summary line
    }

    private void upgradeFleet() {
        if (!"head".equalsIgnoreCase(target)) {
            throw MigratorException.of(
                    DiagnosticCode.CONFIG_INVALID,
                    "migrator.target is " + target + ", but a fleet is upgraded to head only.",
                    Map.of("migrator.target", target),
                    "Remove migrator.target (or set it to head) while a tenant source is set.",
                    null);
        }
        FleetReport result = migrator.upgradeFleet(); // core logs the fleet's summary line
        this.fleetReport = result;
        MigratorException refusal = result.refusal(migrator.config().integration());
        if (refusal != null) {
            throw refusal;
        }
    }

    /** What the fleet upgrade at start did; null without a tenant source, or before the context has run it. */
    public FleetReport fleetReport() {
        return fleetReport;
    }

    /** What the upgrade at start did; null before the context has run it, and with a tenant source. */
    public UpgradeReport report() {
        return report;
    }

    /** The revision upgraded to at start. */
    public String target() {
        return target;
    }

    @Override
    public int getOrder() {
        return order;
    }

    /** Sets the order among other {@link Ordered} initializers. Default: 0. */
    public void setOrder(int order) {
        this.order = order;
    }
}
