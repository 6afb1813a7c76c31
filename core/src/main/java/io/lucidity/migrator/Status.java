package io.lucidity.migrator;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The state of the database against this build, as {@code migrator status} shows it.
 *
 * @param database      the database name
 * @param schema        the schema of the history tables
 * @param serverVersion PostgreSQL's version
 * @param revision      the current revision ({@code base} when empty)
 * @param head          the newest revision of this build ({@code base} when it has none)
 * @param atHead        true when nothing is pending, failed or partial and seeds are current
 * @param pending       migrations to apply
 * @param problems      failed, partial, changed, unknown or missing migrations
 * @param extensions    each required extension
 * @param seeds         each seed file
 * @param lockHolder    the session holding the migration lock now, or null
 * @param lockKey       the migration lock's key: {@code pg_locks} shows it as {@code classid} (high 32 bits) and
 *                      {@code objid} (low 32 bits) with {@code objsubid = 1}
 * @param readOnly      true on a hot standby
 */
public record Status(
        String database,
        String schema,
        String serverVersion,
        String revision,
        String head,
        boolean atHead,
        List<HistoryEntry> pending,
        List<HistoryEntry> problems,
        List<ExtensionStatus> extensions,
        List<SeedStatus> seeds,
        LockHolder lockHolder,
        long lockKey,
        boolean readOnly) {

    /**
     * A required extension.
     *
     * @param name      the extension
     * @param required  the requirement, e.g. {@code vector>=0.5.0}
     * @param available the version the server provides, or null when not installed on the server
     * @param installed the version in this database, or null
     * @param satisfied true when installed at a sufficient version
     */
    public record ExtensionStatus(
            String name, String required, String available, String installed, boolean satisfied) {}

    /**
     * A seed file.
     *
     * @param name         its name
     * @param state        its state
     * @param appliedAt    when it last ran, or null
     * @param rowsAffected rows it changed when it last ran
     */
    public record SeedStatus(String name, SeedState state, OffsetDateTime appliedAt, long rowsAffected) {}

    /** Whether a seed is current. */
    public enum SeedState {
        /** Ran with the current content. */
        CURRENT,
        /** Ran, but its content (or a {@code ${env:}} value) changed since: runs on the next upgrade. */
        CHANGED,
        /** Never ran: runs on the next upgrade. */
        NEW
    }
}
