package io.lucidity.migrator;

import java.util.List;

/**
 * What {@code repair} changed.
 *
 * @param failedRowsRemoved failed history rows removed
 * @param realigned         versions whose checksum was set to the file's
 * @param markedDeleted     applied versions whose file is gone, marked deleted
 * @param unfinishedClosed  unfinished non-transactional steps closed (they run again on the next upgrade)
 */
public record RepairResult(
        int failedRowsRemoved, List<String> realigned, List<String> markedDeleted, int unfinishedClosed) {}
