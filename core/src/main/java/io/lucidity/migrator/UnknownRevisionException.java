package io.lucidity.migrator;

import java.util.Map;

/** A revision given to upgrade, stamp or downgrade is not known to this build ({@code MIGRATOR-UNKNOWN-REVISION}). */
public class UnknownRevisionException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    public UnknownRevisionException(DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
