package io.lucidity.migrator;

import java.util.Map;

/** The role lacks a privilege the upgrade needs ({@code MIGRATOR-PRIVILEGE}). */
public class InsufficientPrivilegeException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    public InsufficientPrivilegeException(DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
