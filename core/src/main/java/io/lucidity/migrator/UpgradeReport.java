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
 * @param upToDate     true when the database already agreed with this build (at once, without the lock, or after
 *                     waiting for another instance that brought it there)
 * @param extensions   what was done about each required extension (empty on the fast path)
 * @param migrations   the migrations applied, in order
 * @param seeds        each seed and whether it ran
 * @param lockWait     how long the upgrade waited for the migration lock
 * @param total        how long the whole upgrade took
 * @param warnings     things worth knowing (e.g. a newer schema tolerated)
 * @param connect      how long getting the connection took (for an application's DataSource, starting its pool)
 * @param lockHolder   the session that held the migration lock when this upgrade asked for it, or null when the
 *                     lock was free (or not taken)
 * @param batches      the transactions the migrations were applied in when the database was empty and the history
 *                     too long for one transaction within the server's lock table (each batch committed on its own,
 *                     under the same migration lock); 0 when they were applied as the transaction mode says
 * @param retries      the statements that hit {@code ddlLockTimeout} and got their lock on a later attempt
 *                     ({@code ddlLockRetries}), in order; empty when none did
 */
public record UpgradeReport(
        String database,
        String schema,
        String fromRevision,
        String toRevision,
        boolean upToDate,
        List<ExtensionResult> extensions,
        List<AppliedMigration> migrations,
        List<SeedResult> seeds,
        Duration lockWait,
        Duration total,
        List<String> warnings,
        Duration connect,
        LockHolder lockHolder,
        int batches,
        List<LockRetry> retries) {

    /** A report without lock retries (as before they were reported). */
    public UpgradeReport(
            String database,
            String schema,
            String fromRevision,
            String toRevision,
            boolean upToDate,
            List<ExtensionResult> extensions,
            List<AppliedMigration> migrations,
            List<SeedResult> seeds,
            Duration lockWait,
            Duration total,
            List<String> warnings,
            Duration connect,
            LockHolder lockHolder,
            int batches) {
        this(
                database,
                schema,
                fromRevision,
                toRevision,
                upToDate,
                extensions,
                migrations,
                seeds,
                lockWait,
                total,
                warnings,
                connect,
                lockHolder,
                batches,
                List.of());
    }

    /** A report of migrations applied as the transaction mode says (as before batches were reported). */
    public UpgradeReport(
            String database,
            String schema,
            String fromRevision,
            String toRevision,
            boolean upToDate,
            List<ExtensionResult> extensions,
            List<AppliedMigration> migrations,
            List<SeedResult> seeds,
            Duration lockWait,
            Duration total,
            List<String> warnings,
            Duration connect,
            LockHolder lockHolder) {
        this(
                database,
                schema,
                fromRevision,
                toRevision,
                upToDate,
                extensions,
                migrations,
                seeds,
                lockWait,
                total,
                warnings,
                connect,
                lockHolder,
                0,
                List.of());
    }

    /** A report without the connect time and the lock holder (as before they were reported). */
    public UpgradeReport(
            String database,
            String schema,
            String fromRevision,
            String toRevision,
            boolean upToDate,
            List<ExtensionResult> extensions,
            List<AppliedMigration> migrations,
            List<SeedResult> seeds,
            Duration lockWait,
            Duration total,
            List<String> warnings) {
        this(
                database,
                schema,
                fromRevision,
                toRevision,
                upToDate,
                extensions,
                migrations,
                seeds,
                lockWait,
                total,
                warnings,
                Duration.ZERO,
                null,
                0,
                List.of());
    }

    /** How long the upgrade took once connected, not counting the wait for the lock. */
    public Duration checked() {
        Duration rest = total.minus(connect).minus(lockWait);
        return rest.isNegative() ? Duration.ZERO : rest;
    }

    /** Rows inserted or updated by seeds. */
    public long seedRows() {
        return seeds.stream().mapToLong(SeedResult::rowsAffected).sum();
    }

    /**
     * One paragraph for the log: at head, {@code Database app (schema public) is up to date at revision 8; connected
     * in 40 ms, checked in 6 ms without taking the migration lock.}, or, after waiting for another instance,
     * {@code ... is up to date at revision 8: waited 1042 ms for the migration lock held by pid 4242 (application
     * 'orders-api'), then found the database at revision 8; connected in 40 ms, checked in 9 ms.}
     */
    public String summary() {
        String timings = "connected in " + connect.toMillis() + " ms, checked in "
                + checked().toMillis() + " ms";
        if (upToDate && lockWait.isZero() && lockHolder == null) {
            return "Database " + database + " (schema " + schema + ") is up to date at revision " + toRevision + "; "
                    + timings + " without taking the migration lock.";
        }
        if (upToDate) {
            return "Database " + database + " (schema " + schema + ") is up to date at revision " + toRevision
                    + ": waited " + lockWait.toMillis() + " ms for the migration lock" + heldBy()
                    + ", then found the database at revision " + toRevision + "; " + timings + ", "
                    + total.toMillis() + " ms in all." + warningsText();
        }
        long created = extensions.stream()
                .filter(e -> e.action() != ExtensionResult.Action.PRESENT)
                .count();
        long seeded = seeds.stream()
                .filter(s -> s.outcome() == SeedResult.Outcome.APPLIED)
                .count();
        return "Database " + database + " (schema " + schema + ") upgraded from " + fromRevision + " to " + toRevision
                + ": " + migrations.size() + " migration(s) applied, " + seeded + " of " + seeds.size()
                + " seed(s) run ("
                + seedRows() + " row(s)), " + created + " extension(s) created or updated; waited "
                + lockWait.toMillis() + " ms for the lock" + heldBy() + ", " + timings + ", " + total.toMillis()
                + " ms in all." + batchesText() + retriesText() + warningsText();
    }

    private String heldBy() {
        return lockHolder == null
                ? ""
                : " held by pid " + lockHolder.pid() + " (application '" + lockHolder.applicationName() + "')";
    }

    private String batchesText() {
        return batches == 0
                ? ""
                : " The migrations were applied in " + batches + " batches, one transaction each, because the database "
                        + "was empty and the history too long for one transaction within the server's lock table.";
    }

    private String retriesText() {
        if (retries == null || retries.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(" Statements retried after ddl-lock-timeout: ");
        for (int i = 0; i < retries.size(); i++) {
            text.append(i == 0 ? "" : "; ").append(retries.get(i).describe());
        }
        return text.append('.').toString();
    }

    private String warningsText() {
        return warnings.isEmpty() ? "" : " Warnings: " + String.join("; ", warnings);
    }

    /** The report as one JSON document (durations in milliseconds). */
    public String toJson() {
        return Json.write(this);
    }
}
