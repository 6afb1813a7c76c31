package io.lucidity.migrator;

import java.util.Map;

/** A migration failed or was left half applied; the facts say what the catalog shows ({@code MIGRATOR-PARTIAL}, {@code MIGRATOR-FAILED}). */
public class PartialMigrationException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    public PartialMigrationException(DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
