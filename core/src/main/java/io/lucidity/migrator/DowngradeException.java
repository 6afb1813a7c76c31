package io.lucidity.migrator;

import java.util.Map;

/** A downgrade is impossible, for instance because undo scripts are missing ({@code MIGRATOR-NO-UNDO}). */
public class DowngradeException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    public DowngradeException(DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
