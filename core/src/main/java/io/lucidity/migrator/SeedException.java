package io.lucidity.migrator;

import java.util.Map;

/**
 * A seed file is malformed, names an unset variable, or failed while running ({@code MIGRATOR-SEED-INVALID},
 * {@code MIGRATOR-SEED-VARIABLE}, {@code MIGRATOR-SEED-FAILED}). The migrations are applied and stay applied: catch it
 * to tell a data problem from a schema problem.
 *
 * <p>Created through {@link MigratorException#of}: the code decides the class.
 */
public final class SeedException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    SeedException(DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
