package io.lucidity.migrator.spring;

import io.lucidity.migrator.FleetHealth;
import io.lucidity.migrator.FleetReport;
import io.lucidity.migrator.HistoryEntry;
import io.lucidity.migrator.MigrationState;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.Status;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code migrator} component of {@code /actuator/health}: UP with the revision when the database agrees
 * with this build; DOWN when migrations are pending (the database is behind), failed or half-applied, an
 * applied file changed or is missing, or the database is ahead without {@code tolerate-newer-schema}.
 * Details: revision, head, database, schema, pending and problem migrations.
 *
 * <p>With a tenant source (a fleet) the details are counts instead: {@code tenants} (listed now), {@code atHead},
 * {@code behind}, {@code failed}, the first failed tenants' names ({@code failedTenants}) and {@code unchecked}; UP
 * when every tenant is at head, else DOWN. A tenant the start or an earlier check found at head counts as at head
 * without being read again; every other tenant (failed at start, skipped, or created since) is read with
 * {@link Migrator#forTenant(String)}{@code .status()}, at most {@value #RECHECKS} per check, the next check going on
 * where this one stopped; a tenant not read counts as failed when it failed at start, else as unchecked. A tenant read
 * with pending migrations, or with a seed that is not current (new or changed), counts as behind. The counting is
 * core's {@link FleetHealth}, shared with the Quarkus extension's readiness check.
 */
public class MigratorHealthIndicator extends AbstractHealthIndicator {
    /** How many tenants one check reads at most; the next check goes on with the others. */
    static final int RECHECKS = FleetHealth.DEFAULT_BOUND;

    private final Migrator migrator;
    private final Supplier<FleetReport> startReport;
    /** The fleet's count, kept across checks (it remembers the tenants found at head and where to read next). */
    private final FleetHealth fleet;

    /** @param migrator the Migrator whose {@link Migrator#status()} is reported */
    public MigratorHealthIndicator(Migrator migrator) {
        this(migrator, () -> null);
    }

    /**
     * @param migrator    the Migrator whose {@link Migrator#status()} is reported, or whose fleet is counted
     * @param startReport the fleet upgrade's report at start, or null (then every tenant is read, up to the bound)
     */
    public MigratorHealthIndicator(Migrator migrator, Supplier<FleetReport> startReport) {
        this(migrator, startReport, RECHECKS);
    }

    MigratorHealthIndicator(Migrator migrator, Supplier<FleetReport> startReport, int rechecks) {
        super("Migrator status check failed");
        this.migrator = Objects.requireNonNull(migrator, "migrator");
        this.startReport = Objects.requireNonNull(startReport, "startReport");
        this.fleet = new FleetHealth(migrator, rechecks);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (migrator.config().isFleet()) {
            fleetHealth(builder);
            return;
        }
        Status status = migrator.status();
        List<String> problems = status.problems().stream()
                .filter(entry -> !tolerated(entry))
                .map(MigratorHealthIndicator::describe)
                .toList();
        boolean healthy = status.pending().isEmpty() && problems.isEmpty();
        (healthy ? builder.up() : builder.down())
                .withDetail("revision", status.revision())
                .withDetail("head", status.head())
                .withDetail("database", status.database())
                .withDetail("schema", status.schema());
        if (!status.pending().isEmpty()) {
            builder.withDetail(
                    "pending",
                    status.pending().stream()
                            .map(MigratorHealthIndicator::describe)
                            .toList());
        }
        if (!problems.isEmpty()) {
            builder.withDetail("problems", problems);
        }
    }

    private void fleetHealth(Health.Builder builder) {
        FleetHealth.Counts counts = fleet.check(startReport.get());
        (counts.up() ? builder.up() : builder.down())
                .withDetail("tenants", counts.tenants())
                .withDetail("atHead", counts.atHead())
                .withDetail("behind", counts.behind())
                .withDetail("failed", counts.failed());
        if (!counts.failedTenants().isEmpty()) {
            builder.withDetail("failedTenants", counts.failedTenants());
        }
        if (counts.unchecked() > 0) {
            builder.withDetail("unchecked", counts.unchecked());
        }
    }

    private boolean tolerated(HistoryEntry entry) {
        return entry.state() == MigrationState.UNKNOWN && migrator.config().tolerateNewerSchema();
    }

    private static String describe(HistoryEntry entry) {
        String name = entry.version() != null ? "V" + entry.version() : entry.script();
        return name + " " + entry.state() + " (" + entry.script() + ")";
    }
}
