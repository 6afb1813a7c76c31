package io.lucidity.migrator.spring;

import io.lucidity.migrator.FleetReport;
import io.lucidity.migrator.FleetReport.Outcome;
import io.lucidity.migrator.HistoryEntry;
import io.lucidity.migrator.MigrationState;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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
 * where this one stopped; a tenant not read counts as failed when it failed at start, else as unchecked.
 */
public class MigratorHealthIndicator extends AbstractHealthIndicator {
    /** How many tenants one check reads at most; the next check goes on with the others. */
    static final int RECHECKS = 100;

    private static final int NAMED = 5;

    private final Migrator migrator;
    private final Supplier<FleetReport> startReport;
    private final int rechecks;
    /** Tenants a check found at head: not read again (a tenant does not fall behind while this build runs). */
    private final Set<String> seenAtHead = ConcurrentHashMap.newKeySet();
    /** Where the next check starts reading, so that successive checks cover a fleet larger than the bound. */
    private final AtomicInteger cursor = new AtomicInteger();

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
        this.rechecks = rechecks;
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
        List<String> tenants = migrator.tenants();
        Map<String, Outcome> atStart = new HashMap<>();
        FleetReport report = startReport.get();
        if (report != null) {
            report.tenants().forEach(t -> atStart.put(t.tenant(), t.outcome()));
        }
        List<String> toRead = new ArrayList<>();
        int atHead = 0;
        for (String tenant : tenants) {
            Outcome outcome = atStart.get(tenant);
            if (outcome == Outcome.UPGRADED || outcome == Outcome.AT_HEAD || seenAtHead.contains(tenant)) {
                atHead++;
            } else {
                toRead.add(tenant);
            }
        }
        int behind = 0;
        int unchecked = 0;
        List<String> failed = new ArrayList<>();
        int reads = Math.min(rechecks, toRead.size());
        int first = toRead.isEmpty() ? 0 : Math.floorMod(cursor.getAndAdd(reads), toRead.size());
        for (int i = 0; i < toRead.size(); i++) {
            String tenant = toRead.get((first + i) % toRead.size());
            TenantState state = i < reads ? read(tenant) : null;
            if (state == TenantState.AT_HEAD) {
                seenAtHead.add(tenant);
                atHead++;
            } else if (state == TenantState.FAILED || atStart.get(tenant) == Outcome.FAILED) {
                failed.add(tenant);
            } else if (state == TenantState.BEHIND) {
                behind++;
            } else {
                unchecked++;
            }
        }
        (atHead == tenants.size() ? builder.up() : builder.down())
                .withDetail("tenants", tenants.size())
                .withDetail("atHead", atHead)
                .withDetail("behind", behind)
                .withDetail("failed", failed.size());
        if (!failed.isEmpty()) {
            builder.withDetail(
                    "failedTenants", failed.stream().sorted().limit(NAMED).toList());
        }
        if (unchecked > 0) {
            builder.withDetail("unchecked", unchecked);
        }
    }

    private enum TenantState {
        AT_HEAD,
        BEHIND,
        FAILED
    }

    /** One tenant's state now: failed when a migration failed, changed or is unknown, or the tenant cannot be read. */
    private TenantState read(String tenant) {
        try (Migrator one = migrator.forTenant(tenant)) {
            Status status = one.status();
            if (status.problems().stream().anyMatch(entry -> !tolerated(entry))) {
                return TenantState.FAILED;
            }
            return status.pending().isEmpty() ? TenantState.AT_HEAD : TenantState.BEHIND;
        } catch (MigratorException e) {
            return TenantState.FAILED;
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
