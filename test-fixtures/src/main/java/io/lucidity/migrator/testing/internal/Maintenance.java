package io.lucidity.migrator.testing.internal;

import io.lucidity.migrator.testing.FixtureException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A few reusable connections to the maintenance database, for CREATE/DROP DATABASE and catalog queries: at most
 * {@code size} at once, kept open between uses, discarded after any error.
 */
final class Maintenance implements AutoCloseable {
    private static final long WAIT_SECONDS = 120;

    /** Work on a connection. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    private final int size;
    private final Semaphore permits;
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();

    Maintenance(DataSource dataSource, int size) {
        this.dataSource = dataSource;
        this.size = size;
        this.permits = new Semaphore(size, true);
    }

    /** Runs {@code work} on a connection (autocommit on) and returns its result. */
    <T> T call(Work<T> work) throws SQLException {
        acquire();
        Connection c = null;
        try {
            c = idle.pollFirst();
            if (c == null) {
                c = dataSource.getConnection();
            }
            T result = work.run(c);
            idle.offerFirst(c);
            c = null;
            return result;
        } finally {
            if (c != null) {
                closeQuietly(c);
            }
            permits.release();
        }
    }

    /** Runs one statement. */
    void execute(String sql) throws SQLException {
        call(c -> {
            Sql.execute(c, sql);
            return null;
        });
    }

    private void acquire() {
        try {
            if (!permits.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new FixtureException("Waited " + WAIT_SECONDS + " s for one of the " + size
                        + " maintenance connections; they are all busy creating or dropping databases. "
                        + "Is the server overloaded? Lower the test parallelism.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FixtureException("Interrupted while waiting for a maintenance connection.", e);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // already broken
        }
    }

    @Override
    public void close() {
        for (Connection c; (c = idle.pollFirst()) != null; ) {
            closeQuietly(c);
        }
    }
}
