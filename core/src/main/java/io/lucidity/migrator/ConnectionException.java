package io.lucidity.migrator;

import java.util.Map;

/** The database could not be reached, rejected the credentials, or does not exist ({@code MIGRATOR-CONNECT}, {@code MIGRATOR-AUTH}, {@code MIGRATOR-NO-DATABASE}). */
public class ConnectionException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    public ConnectionException(DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
