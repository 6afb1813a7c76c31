package io.lucidity.migrator;

import java.util.Map;

/**
 * A setting is invalid or contradicts another, or the classpath holds an incompatible Flyway ({@code MIGRATOR-CONFIG},
 * {@code MIGRATOR-FLYWAY-VERSION}). Nothing was attempted: catch it to report a deployment mistake; correct the setting
 * named in the facts and start again.
 *
 * <p>Created through {@link MigratorException#of}: the code decides the class.
 */
public final class ConfigurationException extends MigratorException {
    private static final long serialVersionUID = 1L;

    /** See {@link MigratorException#MigratorException(DiagnosticCode, String, Map, String, Throwable)}. */
    ConfigurationException(
            DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        super(code, summary, facts, remedy, cause);
    }
}
