package io.lucidity.migrator;

import java.util.Map;

/** A pre-upgrade check found a blocker ({@code MIGRATOR-CHECK}). */
public class CheckFailedException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    public CheckFailedException(DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
