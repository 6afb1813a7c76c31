package io.lucidity.migrator;

import java.util.Map;

/**
 * The history records a migration that did not complete: a non-transactional migration left half applied
 * ({@code MIGRATOR-PARTIAL}) or a failed migration ({@code MIGRATOR-FAILED}); the facts say what the catalog shows.
 * Nothing runs until someone repairs it: catch it to alert a human.
 *
 * <p>Created through {@link MigratorException#of}: the code decides the class.
 */
public final class PartialMigrationException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    PartialMigrationException(
            DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
