package io.lucidity.migrator;

import java.util.Map;

/** A migration statement waited longer than {@code ddlLockTimeout} for a lock; the facts name the blocking sessions ({@code MIGRATOR-DDL-LOCK-TIMEOUT}). */
public class DdlLockTimeoutException extends MigrationFailedException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    public DdlLockTimeoutException(DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
