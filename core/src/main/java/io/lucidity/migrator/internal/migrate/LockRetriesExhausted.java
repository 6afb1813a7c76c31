package io.lucidity.migrator.internal.migrate;

import java.sql.SQLException;

/**
 * The last lock timeout of a statement that was tried {@code attempts} times (ddl-lock-retries); its cause is the
 * server's error, its SQLState the same.
 */
final class LockRetriesExhausted extends SQLException {
    private static final long serialVersionUID = 1L;

    private final int attempts;

    LockRetriesExhausted(SQLException last, int attempts) {
        super(last.getMessage(), last.getSQLState(), last.getErrorCode(), last);
        this.attempts = attempts;
    }

    /** How many times the statement ran. */
    int attempts() {
        return attempts;
    }
}
