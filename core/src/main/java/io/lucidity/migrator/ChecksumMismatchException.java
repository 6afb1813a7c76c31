package io.lucidity.migrator;

import java.util.Map;

/**
 * An applied migration's file changed since it was applied ({@code MIGRATOR-CHECKSUM}): catch it to flag an edited
 * migration in a build or deployment check.
 *
 * <p>Created through {@link MigratorException#of}: the code decides the class.
 */
public final class ChecksumMismatchException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    ChecksumMismatchException(
            DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
