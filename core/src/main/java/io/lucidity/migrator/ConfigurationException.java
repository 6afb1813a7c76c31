package io.lucidity.migrator;

import java.util.Map;

/** A setting is invalid, contradicts another, or the classpath holds an incompatible Flyway ({@code MIGRATOR-CONFIG}, {@code MIGRATOR-FLYWAY-VERSION}). */
public class ConfigurationException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    public ConfigurationException(DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
