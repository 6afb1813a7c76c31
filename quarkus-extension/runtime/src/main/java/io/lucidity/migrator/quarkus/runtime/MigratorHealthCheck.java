package io.lucidity.migrator.quarkus.runtime;

import io.lucidity.migrator.FleetHealth;
import io.lucidity.migrator.FleetReport;
import io.lucidity.migrator.HistoryEntry;
import io.lucidity.migrator.MigrationState;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.Status;
import io.quarkus.datasource.common.runtime.DataSourceUtil;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * when it failed at start, else as {@code unchecked}. A tenant read with pending migrations, or with a seed that is
 * not current (new or changed), counts as behind. The counting is core's {@link FleetHealth}, shared with the Spring
 * Boot starter's health indicator.
 */
@Readiness
@ApplicationScoped
public class MigratorHealthCheck implements HealthCheck {
    /** How many tenants one check reads at most; the next check goes on with the others. */
    static final int RECHECKS = FleetHealth.DEFAULT_BOUND;

    /** Per datasource, the fleet's count, kept across checks (the tenants found at head, where to read next). */
    private final Map<String, FleetHealth> fleets = new ConcurrentHashMap<>();

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
        FleetHealth.Counts counts = fleets.computeIfAbsent(dataSourceName, n -> new FleetHealth(migrator, RECHECKS))
                .check(startReport);
        if (!counts.up()) {
            response.down();
        }
        response.withData(prefix + "tenants", counts.tenants())
                .withData(prefix + "atHead", counts.atHead())
                .withData(prefix + "behind", counts.behind())
                .withData(prefix + "failed", counts.failed());
        if (!counts.failedTenants().isEmpty()) {
            response.withData(prefix + "failedTenants", String.join(", ", counts.failedTenants()));
        }
        if (counts.unchecked() > 0) {
            response.withData(prefix + "unchecked", counts.unchecked());
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
