package io.lucidity.migrator;

import java.util.Map;

/** A required extension is missing, may not be created by this role, or is too old ({@code MIGRATOR-EXTENSION-*}). */
public class ExtensionException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    public ExtensionException(DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
