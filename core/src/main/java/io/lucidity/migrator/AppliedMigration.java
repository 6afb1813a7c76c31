package io.lucidity.migrator;

import java.time.Duration;

/**
 * A migration applied by an upgrade.
 *
 * @param version       the version, or null for a repeatable migration
 * @param description   its description
 * @param script        its script path
 * @param repeatable    true for an {@code R__} migration
 * @param transactional false when it ran outside a transaction
 * @param statements    how many statements it ran
 * @param duration      how long it took
 */
public record AppliedMigration(
        String version,
        String description,
        String script,
        boolean repeatable,
        boolean transactional,
        int statements,
        Duration duration) {}
