package io.lucidity.migrator.internal.repair;

import java.sql.Connection;
import java.sql.SQLException;

/** Runs history edits in one transaction. */
final class Transactions {
    private Transactions() {
    }

    interface Work<T> {
        T run() throws SQLException;
    }

    static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
