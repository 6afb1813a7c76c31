package io.lucidity.migrator;

import java.util.List;

/**
 * The pre-upgrade checklist: connectivity, server version, extensions, lock, pending migrations,
 * validation and the user-defined drain checks.
 *
 * @param results each check, in order
 */
public record CheckReport(List<CheckResult> results) {

    /** True when any check blocks the upgrade. */
    public boolean blocked() {
        return results.stream().anyMatch(r -> r.outcome() == CheckResult.Outcome.BLOCK);
    }
}
