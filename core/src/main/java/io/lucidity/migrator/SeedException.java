package io.lucidity.migrator;

import java.util.Map;

/** A seed file is malformed, names an unset variable, or failed while running ({@code MIGRATOR-SEED-*}). */
public class SeedException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    public SeedException(DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
