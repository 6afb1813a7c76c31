package io.lucidity.migrator;

import java.util.List;

/**
 * What {@code downgradeTo} did.
 *
 * @param fromRevision the revision before
 * @param toRevision   the revision after
 * @param undone       the undo scripts run, newest first
 */
public record DowngradeResult(String fromRevision, String toRevision, List<AppliedMigration> undone) {}
