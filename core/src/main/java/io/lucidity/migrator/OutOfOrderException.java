package io.lucidity.migrator;

import java.util.Map;

/** A pending migration is older than the newest applied one ({@code MIGRATOR-OUT-OF-ORDER}). */
public class OutOfOrderException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    public OutOfOrderException(DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
