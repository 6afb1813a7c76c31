package io.lucidity.migrator.embedded;

/**
 * Thrown for every failure to find, start, stop or talk to the PostgreSQL server. The message
 * says what happened and, where it can, what to install or set to fix it.
 */
public class EmbeddedPostgresException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message only.
     *
     * @param message what happened and how to fix it
     */
    public EmbeddedPostgresException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and its cause.
     *
     * @param message what happened and how to fix it
     * @param cause the underlying failure
     */
    public EmbeddedPostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}
