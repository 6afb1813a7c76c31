package io.lucidity.migrator;

import java.util.Map;

/** The database holds migrations this build does not know ({@code MIGRATOR-SCHEMA-AHEAD}, {@code MIGRATOR-MISSING}). */
public class SchemaAheadException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    public SchemaAheadException(DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
