package io.lucidity.migrator.internal.history;

/**
 * A history row to insert.
 *
 * @param version       the version, or null for a repeatable migration
 * @param description   the description
 * @param script        the script path
 * @param checksum      the checksum
 * @param executionTime milliseconds
 * @param success       whether it succeeded
 */
public record NewRow(
        String version, String description, String script, Integer checksum, int executionTime, boolean success) {}
