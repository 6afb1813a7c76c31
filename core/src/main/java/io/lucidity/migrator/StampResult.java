package io.lucidity.migrator;

import java.util.List;

/**
 * What {@code stamp} changed in the history, before → after.
 *
 * @param before             the revision before
 * @param after              the revision after
 * @param recorded           versions newly recorded as applied (without running them)
 * @param removed            versions whose rows were removed (above the revision, or all with purge)
 * @param realigned          versions whose checksum was set to the file's
 * @param failedRowsRemoved  failed rows removed
 * @param unfinishedClosed   unfinished non-transactional steps closed
 */
public record StampResult(
        String before,
        String after,
        List<String> recorded,
        List<String> removed,
        List<String> realigned,
        int failedRowsRemoved,
        int unfinishedClosed) {}
