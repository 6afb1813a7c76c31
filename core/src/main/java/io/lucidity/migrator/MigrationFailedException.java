package io.lucidity.migrator;

import java.util.Map;

/** A migration statement failed; the facts name the migration, line, statement and SQLState ({@code MIGRATOR-MIGRATION-FAILED}). */
public class MigrationFailedException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    public MigrationFailedException(DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
