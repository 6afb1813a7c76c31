package io.lucidity.migrator;

import io.lucidity.migrator.internal.Redactor;

/**
 * Masks secrets in text that Migrator did not write itself, such as a front end's output or an application's log line.
 * Migrator already masks its own diagnostics, reports, logs and {@code toString()} output.
 *
 * <p>Masked: every secret value Migrator has seen in this JVM (database passwords, resolved {@code ${env:...}} seed
 * values, in their quoted, escaped and case-changed forms) and the password in any JDBC URL. Each is replaced by
 * {@code <masked>}.
 */
public final class Secrets {
    private Secrets() {}

    /**
     * The text with every secret replaced by {@code <masked>}.
     *
     * @param text any text, or null
     * @return the masked text; null for null
     */
    public static String mask(String text) {
        return Redactor.redact(text);
    }
}
