package io.lucidity.migrator.testing;

import java.time.Duration;

/**
 * The outcome of one built-in check.
 *
 * @param check   the check
 * @param failure the failure, or null when it passed
 * @param summary what was checked, e.g. {@code 7 versions stepped through}
 * @param took    how long it took
 */
public record MigrationCheckResult(MigrationCheck check, MigrationCheckFailure failure, String summary, Duration took) {

    /** Whether the check passed. */
    public boolean passed() {
        return failure == null;
    }

    @Override
    public String toString() {
        return (passed() ? "PASS " : "FAIL ") + check.title() + " (" + took.toMillis() + " ms): "
                + (passed() ? summary : failure.getMessage());
    }
}
