package io.lucidity.migrator;

import java.util.Map;

/** A migration or seed file is mis-named, duplicated or unreadable ({@code MIGRATOR-INVALID-NAME}, {@code MIGRATOR-DUPLICATE-VERSION}, {@code MIGRATOR-UNREADABLE}). */
public class InvalidMigrationException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    public InvalidMigrationException(DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
