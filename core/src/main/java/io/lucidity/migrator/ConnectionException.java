package io.lucidity.migrator;

import java.util.Map;

/**
 * The database could not be reached, rejected the credentials, or does not exist ({@code MIGRATOR-CONNECT},
 * {@code MIGRATOR-AUTH}, {@code MIGRATOR-NO-DATABASE}). Nothing was changed: catch it to retry later or fail over.
 *
 * <p>Created through {@link MigratorException#of}: the code decides the class.
 */
public final class ConnectionException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    ConnectionException(
            DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
