package io.lucidity.migrator;

import java.util.Map;

/** Another session held the migration lock longer than {@code lockTimeout}; the facts name it ({@code MIGRATOR-LOCK-TIMEOUT}). */
public class LockTimeoutException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    public LockTimeoutException(DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
