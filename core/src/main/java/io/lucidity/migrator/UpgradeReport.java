package io.lucidity.migrator;

import io.lucidity.migrator.internal.report.Json;
import java.time.Duration;
import java.util.List;

/**
 * What {@link Migrator#upgradeToHead()} (or {@code upgradeTo}) did.
 *
 * @param database     the database name
 * @param schema       the schema of the history tables
 * @param fromRevision the revision before ({@code base} for an empty database)
 * @param toRevision   the revision after
 * @param upToDate     true when the database already agreed with this build (the fast path: no lock taken)
 * @param extensions   what was done about each required extension (empty on the fast path)
 * @param migrations   the migrations applied, in order
 * @param seeds        each seed and whether it ran
 * @param lockWait     how long the upgrade waited for the migration lock
 * @param total        how long the whole upgrade took
 * @param warnings     things worth knowing (e.g. a newer schema tolerated)
 */
public record UpgradeReport(String database, String schema, String fromRevision, String toRevision, boolean upToDate,
                            List<ExtensionResult> extensions, List<AppliedMigration> migrations, List<SeedResult> seeds,
                            Duration lockWait, Duration total, List<String> warnings) {

    /** Rows inserted or updated by seeds. */
    public long seedRows() {
        return seeds.stream().mapToLong(SeedResult::rowsAffected).sum();
    }

    /** One paragraph for the log. */
    public String summary() {
        if (upToDate) {
            return "Database " + database + " (schema " + schema + ") is up to date at revision " + toRevision
                    + "; checked in " + total.toMillis() + " ms without taking the migration lock.";
        }
        long created = extensions.stream().filter(e -> e.action() != ExtensionResult.Action.PRESENT).count();
        long seeded = seeds.stream().filter(s -> s.outcome() == SeedResult.Outcome.APPLIED).count();
        return "Database " + database + " (schema " + schema + ") upgraded from " + fromRevision + " to " + toRevision
                + ": " + migrations.size() + " migration(s) applied, " + seeded + " of " + seeds.size() + " seed(s) run ("
                + seedRows() + " row(s)), " + created + " extension(s) created or updated; waited "
                + lockWait.toMillis() + " ms for the lock, " + total.toMillis() + " ms in all."
                + (warnings.isEmpty() ? "" : " Warnings: " + String.join("; ", warnings));
    }

    /** The report as one JSON document (durations in milliseconds). */
    public String toJson() {
        return Json.write(this);
    }
}
