package io.lucidity.migrator.testing;

/**
 * The fixture could not provide a database: no server could be started or reached, a database could not be
 * created, cloned or queried. The message says what happened, with the values, and how to fix it; the cause is
 * kept. Failures of migrations and seeds are thrown as they are ({@link io.lucidity.migrator.MigratorException}).
 */
public class FixtureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, the values, and the fix */
    public FixtureException(String message) {
        super(message);
    }

    /**
     * @param message what happened, the values, and the fix
     * @param cause   the underlying exception
     */
    public FixtureException(String message, Throwable cause) {
        super(message, cause);
    }
}
