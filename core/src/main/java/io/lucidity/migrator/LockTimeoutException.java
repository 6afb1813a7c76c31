package io.lucidity.migrator;

import java.util.Map;

/**
 * Another session held the migration lock longer than {@code lockTimeout}; the facts name it
 * ({@code MIGRATOR-LOCK-TIMEOUT}). Nothing ran: catch it to retry later, or to let the other deployment finish.
 *
 * <p>Created through {@link MigratorException#of}: the code decides the class.
 */
public final class LockTimeoutException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    LockTimeoutException(
            DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
