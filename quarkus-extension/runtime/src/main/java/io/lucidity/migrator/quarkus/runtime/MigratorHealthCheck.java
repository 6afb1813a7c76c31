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
 * head. A tenant the start brought to head counts as at head without being read again; every other tenant (failed at
 * start, skipped, or created since) is read with {@code forTenant(tenant).status()}, at most {@value #RECHECKS} per
 * check; those beyond are counted by their outcome at start ({@code unchecked} says how many).
 */
@Readiness
@ApplicationScoped
public class MigratorHealthCheck implements HealthCheck {
    /** How many tenants one check reads at most; the others are counted by their outcome at start. */
    static final int RECHECKS = 100;

    private static final int NAMED = 5;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("migrator").up();
        for (String dataSourceName : MigratorBeans.dataSourceNames()) {
            String prefix = DataSourceUtil.isDefault(dataSourceName) ? "" : dataSourceName + ".";
            Migrator migrator = MigratorBeans.migrator(dataSourceName);
            try {
                if (FleetRefusal.isFleet(migrator.config())) {
                    fleet(response, prefix, migrator, MigratorBeans.startReport(dataSourceName));
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

    private static void fleet(
            HealthCheckResponseBuilder response, String prefix, Migrator migrator, FleetReport startReport) {
        List<String> tenants = migrator.tenants();
        Map<String, Outcome> atStart = new HashMap<>();
        if (startReport != null) {
            startReport.tenants().forEach(t -> atStart.put(t.tenant(), t.outcome()));
        }
        int atHead = 0;
        int behind = 0;
        int unchecked = 0;
        int rechecks = 0;
        List<String> failed = new ArrayList<>();
        for (String tenant : tenants) {
            Outcome outcome = atStart.get(tenant);
            if (outcome == Outcome.UPGRADED || outcome == Outcome.AT_HEAD) {
                atHead++;
                continue;
            }
            String state;
            if (rechecks < RECHECKS) {
                rechecks++;
                state = read(migrator, tenant);
            } else {
                unchecked++;
                state = "behind";
            }
            if (state.equals("at head")) {
                atHead++;
            } else if (state.equals("failed") || outcome == Outcome.FAILED) {
                failed.add(tenant);
            } else {
                behind++;
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
                    prefix + "failedTenants", String.join(", ", failed.subList(0, Math.min(NAMED, failed.size()))));
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
