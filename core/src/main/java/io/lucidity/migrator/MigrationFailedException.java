package io.lucidity.migrator;

import java.util.Map;

/**
 * A migration statement failed and its transaction was rolled back; the facts name the migration, line, statement and
 * SQLState ({@code MIGRATOR-MIGRATION-FAILED}; {@code MIGRATOR-EXISTS} when it creates an object that already exists;
 * {@code MIGRATOR-DDL-LOCK-TIMEOUT} when a table lock was not granted within {@code ddlLockTimeout}).
 *
 * <p>Created through {@link MigratorException#of}: the code decides the class.
 */
public final class MigrationFailedException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    MigrationFailedException(
            DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
