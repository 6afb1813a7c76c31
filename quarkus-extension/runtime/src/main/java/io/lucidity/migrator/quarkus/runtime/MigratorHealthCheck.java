package io.lucidity.migrator.quarkus.runtime;

import io.lucidity.migrator.FleetReport;
import io.lucidity.migrator.FleetReport.Outcome;
import io.lucidity.migrator.HistoryEntry;
import io.lucidity.migrator.MigrationState;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.Status;
import io.quarkus.datasource.common.runtime.DataSourceUtil;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@code migrator}: UP when each managed database is at this build's head; DOWN when it is behind
 * (pending migrations or seeds), holds a failed, half-applied, changed or unknown migration, or cannot be read. Data:
 * {@code revision}, {@code head}, {@code state} (prefixed {@code <datasource>.} for named datasources).
 *
 * <p>With a tenant source (a fleet) the data are counts instead: {@code tenants} (listed now), {@code atHead},
 * {@code behind}, {@code failed}, and the first failed tenants ({@code failedTenants}); UP when every tenant is at
 * head. A tenant the start or an earlier check found at head counts as at head without being read again; every other
 * tenant (failed at start, skipped, or created since) is read with {@code forTenant(tenant).status()}, at most
 * {@value #RECHECKS} per check, the next check going on where this one stopped; a tenant not read counts as failed
 * when it failed at start, else as {@code unchecked}.
 */
@Readiness
@ApplicationScoped
public class MigratorHealthCheck implements HealthCheck {
    /** How many tenants one check reads at most; the next check goes on with the others. */
    static final int RECHECKS = 100;

    private static final int NAMED = 5;

    /** Per datasource, the tenants a check found at head: not read again (none falls behind while this build runs). */
    private final Map<String, Set<String>> seenAtHead = new ConcurrentHashMap<>();
    /** Per datasource, where the next check starts reading, so that successive checks cover a larger fleet. */
    private final Map<String, AtomicInteger> cursor = new ConcurrentHashMap<>();

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("migrator").up();
        for (String dataSourceName : MigratorBeans.dataSourceNames()) {
            String prefix = DataSourceUtil.isDefault(dataSourceName) ? "" : dataSourceName + ".";
            Migrator migrator = MigratorBeans.migrator(dataSourceName);
            try {
                if (migrator.config().isFleet()) {
                    fleet(response, prefix, dataSourceName, migrator, MigratorBeans.startReport(dataSourceName));
                    continue;
                }
                report(response, prefix, migrator.status(), migrator.config().tolerateNewerSchema());
            } catch (MigratorException e) {
                response.down()
                        .withData(prefix + "state", "unreadable")
                        .withData(prefix + "error", e.code().code())
                        .withData(prefix + "message", e.summary());
            }
        }
        return response.build();
    }

    private void fleet(
            HealthCheckResponseBuilder response,
            String prefix,
            String dataSourceName,
            Migrator migrator,
            FleetReport startReport) {
        List<String> tenants = migrator.tenants();
        Map<String, Outcome> atStart = new HashMap<>();
        if (startReport != null) {
            startReport.tenants().forEach(t -> atStart.put(t.tenant(), t.outcome()));
        }
        Set<String> seen = seenAtHead.computeIfAbsent(dataSourceName, n -> ConcurrentHashMap.newKeySet());
        List<String> toRead = new ArrayList<>();
        int atHead = 0;
        for (String tenant : tenants) {
            Outcome outcome = atStart.get(tenant);
            if (outcome == Outcome.UPGRADED || outcome == Outcome.AT_HEAD || seen.contains(tenant)) {
                atHead++;
            } else {
                toRead.add(tenant);
            }
        }
        int behind = 0;
        int unchecked = 0;
        List<String> failed = new ArrayList<>();
        int reads = Math.min(RECHECKS, toRead.size());
        AtomicInteger next = cursor.computeIfAbsent(dataSourceName, n -> new AtomicInteger());
        int first = toRead.isEmpty() ? 0 : Math.floorMod(next.getAndAdd(reads), toRead.size());
        for (int i = 0; i < toRead.size(); i++) {
            String tenant = toRead.get((first + i) % toRead.size());
            String state = i < reads ? read(migrator, tenant) : null;
            if ("at head".equals(state)) {
                seen.add(tenant);
                atHead++;
            } else if ("failed".equals(state) || atStart.get(tenant) == Outcome.FAILED) {
                failed.add(tenant);
            } else if ("behind".equals(state)) {
                behind++;
            } else {
                unchecked++;
            }
        }
        if (atHead < tenants.size()) {
            response.down();
        }
        response.withData(prefix + "tenants", tenants.size())
                .withData(prefix + "atHead", atHead)
                .withData(prefix + "behind", behind)
                .withData(prefix + "failed", failed.size());
        if (!failed.isEmpty()) {
            response.withData(
                    prefix + "failedTenants",
                    failed.stream().sorted().limit(NAMED).collect(Collectors.joining(", ")));
        }
        if (unchecked > 0) {
            response.withData(prefix + "unchecked", unchecked);
        }
    }

    /** One tenant now: {@code at head}, {@code behind}, or {@code failed} (a refused history, or unreadable). */
    private static String read(Migrator migrator, String tenant) {
        try (Migrator one = migrator.forTenant(tenant)) {
            Status status = one.status();
            boolean tolerateNewer = migrator.config().tolerateNewerSchema();
            if (status.problems().stream().anyMatch(p -> !(tolerateNewer && p.state() == MigrationState.UNKNOWN))) {
                return "failed";
            }
            boolean seedsBehind = status.seeds().stream().anyMatch(s -> s.state() != Status.SeedState.CURRENT);
            return status.pending().isEmpty() && !seedsBehind ? "at head" : "behind";
        } catch (MigratorException e) {
            return "failed";
        }
    }

    private static void report(
            HealthCheckResponseBuilder response, String prefix, Status status, boolean tolerateNewer) {
        response.withData(prefix + "revision", status.revision()).withData(prefix + "head", status.head());
        List<HistoryEntry> problems = status.problems().stream()
                .filter(p -> !(tolerateNewer && p.state() == MigrationState.UNKNOWN))
                .toList();
        boolean seedsBehind = status.seeds().stream().anyMatch(s -> s.state() != Status.SeedState.CURRENT);
        if (!problems.isEmpty()) {
            response.down()
                    .withData(prefix + "state", "refused")
                    .withData(
                            prefix + "problems",
                            problems.stream()
                                    .map(p -> (p.version() == null ? p.script() : "V" + p.version()) + " " + p.state())
                                    .collect(Collectors.joining(", ")));
        } else if (!status.pending().isEmpty() || seedsBehind) {
            response.down()
                    .withData(prefix + "state", "behind")
                    .withData(prefix + "pending", status.pending().size());
        } else {
            response.withData(prefix + "state", "at head");
        }
    }
}
