package io.lucidity.migrator;

import java.util.Map;

/** The session-level migration lock was not held when it had to be, as behind a transaction-pooling PgBouncer ({@code MIGRATOR-LOCK-LOST}). */
public class LockLostException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    public LockLostException(DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
