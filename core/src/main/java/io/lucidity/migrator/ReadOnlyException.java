package io.lucidity.migrator;

import java.util.Map;

/** The server is a read-only standby or the session is read-only ({@code MIGRATOR-READ-ONLY}). */
public class ReadOnlyException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    public ReadOnlyException(DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
