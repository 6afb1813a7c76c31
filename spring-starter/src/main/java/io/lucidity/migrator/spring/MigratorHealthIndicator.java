package io.lucidity.migrator.spring;

import io.lucidity.migrator.HistoryEntry;
import io.lucidity.migrator.MigrationState;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.Status;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code migrator} component of {@code /actuator/health}: UP with the revision when the database agrees
 * with this build; DOWN when migrations are pending (the database is behind), failed or half-applied, an
 * applied file changed or is missing, or the database is ahead without {@code tolerate-newer-schema}.
 * Details: revision, head, database, schema, pending and problem migrations.
 */
public class MigratorHealthIndicator extends AbstractHealthIndicator {
    private final Migrator migrator;

    /** @param migrator the Migrator whose {@link Migrator#status()} is reported */
    public MigratorHealthIndicator(Migrator migrator) {
        super("Migrator status check failed");
        this.migrator = Objects.requireNonNull(migrator, "migrator");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
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

    private boolean tolerated(HistoryEntry entry) {
        return entry.state() == MigrationState.UNKNOWN && migrator.config().tolerateNewerSchema();
    }

    private static String describe(HistoryEntry entry) {
        String name = entry.version() != null ? "V" + entry.version() : entry.script();
        return name + " " + entry.state() + " (" + entry.script() + ")";
    }
}
