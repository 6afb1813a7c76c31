package io.lucidity.migrator.quarkus.runtime;

import io.lucidity.migrator.HistoryEntry;
import io.lucidity.migrator.MigrationState;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.Status;
import io.quarkus.datasource.common.runtime.DataSourceUtil;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@code migrator}: UP when each managed database is at this build's head; DOWN when it is behind
 * (pending migrations or seeds), holds a failed, half-applied, changed or unknown migration, or cannot be read. Data:
 * {@code revision}, {@code head}, {@code state} (prefixed {@code <datasource>.} for named datasources).
 */
@Readiness
@ApplicationScoped
public class MigratorHealthCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("migrator").up();
        for (String dataSourceName : MigratorBeans.dataSourceNames()) {
            String prefix = DataSourceUtil.isDefault(dataSourceName) ? "" : dataSourceName + ".";
            Migrator migrator = MigratorBeans.migrator(dataSourceName);
            try {
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
