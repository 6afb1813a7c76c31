package io.lucidity.migrator;

import java.util.Map;

/** A migration creates an object that already exists, usually because the change was applied by hand ({@code MIGRATOR-EXISTS}). */
public class ObjectExistsException extends MigrationFailedException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    public ObjectExistsException(DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
