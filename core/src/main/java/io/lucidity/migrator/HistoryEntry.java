package io.lucidity.migrator;

import java.time.LocalDateTime;

/**
 * One migration as {@code history()} shows it: this build's file and the database's record, merged.
 *
 * @param version       the version, or null for a repeatable migration
 * @param description   the description
 * @param type          {@code SQL}, {@code BASELINE}, ... as in the history table; {@code SQL} for pending files
 * @param script        the script path
 * @param state         the state
 * @param installedOn   when it was applied, or null
 * @param executionTime milliseconds it took, or null
 * @param checksum      the applied checksum, or the file's when pending
 * @param installedBy   the role that applied it, or null
 */
public record HistoryEntry(
        String version,
        String description,
        String type,
        String script,
        MigrationState state,
        LocalDateTime installedOn,
        Integer executionTime,
        Integer checksum,
        String installedBy) {}
