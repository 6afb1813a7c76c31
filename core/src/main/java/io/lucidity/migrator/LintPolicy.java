package io.lucidity.migrator;

import java.util.Locale;

/**
 * What an upgrade does with lock hazards in the migrations it is about to apply ({@code lint}; docs/lint.md).
 */
public enum LintPolicy {
    /** Does not lint. */
    OFF,
    /** Logs each finding that no {@code -- migrator:allow} comment allows, at warn, and applies the migrations. */
    WARN,
    /** Refuses the upgrade ({@code MIGRATOR-LINT}) before any migration runs when an error finding is not allowed. */
    REFUSE;

    /** {@code off}, {@code warn} or {@code refuse}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
