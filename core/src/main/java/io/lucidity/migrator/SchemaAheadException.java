package io.lucidity.migrator;

import java.util.Map;

/**
 * The database holds migrations this build does not know: newer ones ({@code MIGRATOR-SCHEMA-AHEAD}) or applied ones
 * whose files are missing ({@code MIGRATOR-MISSING}). Catch it where older code may run on a newer schema (a rolling
 * deployment, a rollback of the application).
 *
 * <p>Created through {@link MigratorException#of}: the code decides the class.
 */
public final class SchemaAheadException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    SchemaAheadException(
            DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
