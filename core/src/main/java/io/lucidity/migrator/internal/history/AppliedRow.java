package io.lucidity.migrator.internal.history;

import java.time.LocalDateTime;

/**
 * One row of the schema history table (Flyway's format).
 *
 * @param installedRank order of application
 * @param version       the version, or null for a repeatable migration
 * @param description   the description
 * @param type          SQL, JDBC, BASELINE, SCHEMA, DELETE, ...
 * @param script        the script path below its location
 * @param checksum      Flyway's checksum, or null
 * @param installedBy   the role that applied it
 * @param installedOn   when
 * @param executionTime milliseconds it took
 * @param success       false for a failed migration
 */
public record AppliedRow(
        int installedRank,
        String version,
        String description,
        String type,
        String script,
        Integer checksum,
        String installedBy,
        LocalDateTime installedOn,
        int executionTime,
        boolean success) {

    /** True for rows that record an applied migration (not a baseline marker, schema creation or deletion). */
    public boolean isMigration() {
        return !("BASELINE".equals(type) || "SCHEMA".equals(type) || "DELETE".equals(type) || type.startsWith("UNDO"));
    }
}
