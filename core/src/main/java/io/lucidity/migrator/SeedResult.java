package io.lucidity.migrator;

import java.time.Duration;

/**
 * What a seed file did.
 *
 * @param name         its path below the seed location, e.g. {@code 01_admin_user.json}
 * @param outcome      applied, or unchanged (same content as when it last ran, so not run)
 * @param rowsAffected rows inserted or updated
 * @param duration     how long it took
 */
public record SeedResult(String name, Outcome outcome, long rowsAffected, Duration duration) {

    /** Whether the seed ran. */
    public enum Outcome {
        /** The seed ran (new, changed, or forced by {@link Migrator#seed()}). */
        APPLIED,
        /** Same checksum as when it last ran: not run. */
        UNCHANGED
    }
}
