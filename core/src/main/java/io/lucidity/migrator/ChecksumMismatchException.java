package io.lucidity.migrator;

import java.util.Map;

/** An applied migration's file changed since it was applied ({@code MIGRATOR-CHECKSUM}). */
public class ChecksumMismatchException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    public ChecksumMismatchException(DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
