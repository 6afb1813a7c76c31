package io.lucidity.migrator.spring;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.UpgradeReport;
import java.util.Objects;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.Ordered;

/**
 * Upgrades the database while the context starts (Spring Boot's {@code FlywayMigrationInitializer}). It is a
 * database initializer for Spring Boot: the EntityManagerFactory, JdbcTemplate and every
 * {@code @DependsOnDatabaseInitialization} bean are created after it. A refusal stops the context with the
 * {@link io.lucidity.migrator.MigratorException}, which the failure analyzer prints as description and action.
 */
public class MigratorInitializer implements InitializingBean, Ordered {
    private final Migrator migrator;
    private final String target;
    private volatile UpgradeReport report;
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
        UpgradeReport result = "head".equalsIgnoreCase(target) ? migrator.upgradeToHead() : migrator.upgradeTo(target);
        this.report = result; // core logs the report's one summary line
    }

    /** What the upgrade at start did; null before the context has run it. */
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
