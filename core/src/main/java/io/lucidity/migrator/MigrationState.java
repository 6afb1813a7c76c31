package io.lucidity.migrator;

/** The state of a migration, comparing this build with the database's history. */
public enum MigrationState {
    /** Applied, and the file matches. */
    APPLIED,
    /** Recorded as applied by {@code stamp}, not run by Migrator. */
    STAMPED,
    /** In this build, not yet applied. */
    PENDING,
    /** In this build, not applied, and older than the newest applied migration. */
    OUT_OF_ORDER,
    /** Recorded as failed in the history. */
    FAILED,
    /** A non-transactional migration that started and did not finish. */
    PARTIAL,
    /** Applied, but its file changed since. */
    CHANGED,
    /** Applied, unknown to this build and newer than its newest migration (older code on a newer schema). */
    UNKNOWN,
    /** Applied, unknown to this build, older than its newest migration (file removed). */
    MISSING,
    /** The baseline marker. */
    BASELINE,
    /** In this build, at or below the baseline: never applied. */
    BELOW_BASELINE
}
