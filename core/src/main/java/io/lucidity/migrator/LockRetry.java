package io.lucidity.migrator;

import java.time.Duration;

/**
 * A migration statement that hit {@code ddlLockTimeout} and was tried again ({@code ddlLockRetries}) until it got its
 * lock.
 *
 * @param version  the migration's version, or null for a repeatable migration
 * @param script   its script path
 * @param line     the line the statement starts on
 * @param attempts how many times it ran: 2 after one retry
 * @param waited   the time from its first attempt to the start of the one that succeeded (lock waits and pauses)
 */
public record LockRetry(String version, String script, int line, int attempts, Duration waited) {

    /** The retries: {@code attempts - 1}. */
    public int retries() {
        return attempts - 1;
    }

    /** One line: {@code V3 (V3__add_column.sql) line 2: 3 attempts, 3 s waited}. */
    public String describe() {
        return (version != null ? "V" + version : "R") + " (" + script + ") line " + line + ": " + attempts
                + " attempts, " + waited.toMillis() + " ms waited";
    }
}
