package io.lucidity.migrator.testing.internal;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The DataSource of one test database: bounds its connections (per database, and across the JVM) and remembers
 * them, so that the fixture can close what a test left open. Waiting for a free connection longer than
 * {@link #WAIT_SECONDS} fails with a message naming the limit.
 *
 * <p>When pooled (the default), a closed connection is rolled back and kept for the next {@code getConnection()}
 * (up to {@link #MAX_IDLE} of them), so that code taking a connection per call does not log in each time. A
 * connection whose isolation, schema, catalog, type map or network timeout was changed through JDBC is closed
 * instead of kept; settings changed with SQL {@code SET} stay, as in any pool. {@link #closeAll()} closes the kept
 * ones too, so that the database can be dropped.
 */
public final class BoundedDataSource implements DataSource {
    static final long WAIT_SECONDS = 30;
    /** Most idle connections kept for reuse. */
    static final int MAX_IDLE = 4;

    private static final long POLL_MILLIS = 50;
    private static final long TRUST_MILLIS = 500;
    private static final Set<String> DIRTYING = Set.of(
            "setTransactionIsolation",
            "setSchema",
            "setCatalog",
            "setTypeMap",
            "setNetworkTimeout",
            "setHoldability",
            "setClientInfo");

    private final DataSource target;
    private final String database;
    private final int limit;
    private final Semaphore own;
    private final Semaphore global;
    private final boolean pooled;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final Deque<Kept> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closing;

    BoundedDataSource(DataSource target, String database, int limit, Semaphore global, boolean pooled) {
        this.target = target;
        this.pooled = pooled;
        this.database = database;
        this.limit = limit;
        this.own = new Semaphore(limit, true);
        this.global = global;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return open(null, null, false);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return open(username, password, true);
    }

    private Connection open(String username, String password, boolean explicit) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        // While waiting for this database's allowance, take a kept connection as soon as one is given back.
        while (true) {
            if (!explicit) {
                Connection reused = reuse();
                if (reused != null) {
                    return reused;
                }
            }
            if (tryAcquire(own, POLL_MILLIS)) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new SQLException(
                        "Waited " + WAIT_SECONDS + " s for a connection. Test database " + database
                                + " already has " + limit + " open connections (its maxConnections). Close connections "
                                + "when done (try-with-resources), or raise @MigratedDatabase(maxConnections = ...).",
                        "53300");
            }
        }
        try {
            acquire(
                    global,
                    "The tests of this JVM hold every connection the fixtures allow at once. Close "
                            + "connections when done, lower the test parallelism, or raise " + Env.MAX_CONNECTIONS
                            + ".");
        } catch (SQLException e) {
            own.release();
            throw e;
        }
        try {
            Connection real = explicit ? target.getConnection(username, password) : target.getConnection();
            return track(real, pooled && !explicit);
        } catch (SQLException | RuntimeException e) {
            own.release();
            global.release();
            throw e;
        }
    }

    private static boolean tryAcquire(Semaphore semaphore, long millis) throws SQLException {
        try {
            return semaphore.tryAcquire(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while waiting for a connection.", "57014", e);
        }
    }

    private static void acquire(Semaphore semaphore, String message) throws SQLException {
        try {
            if (!semaphore.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new SQLException("Waited " + WAIT_SECONDS + " s for a connection. " + message, "53300");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while waiting for a connection.", "57014", e);
        }
    }

    /** A connection kept for reuse, and when it was given back. */
    private record Kept(Connection real, long keptAt) {}

    /**
     * A kept connection that still works, or null; its permits stay taken. One given back in the last
     * {@value #TRUST_MILLIS} ms is taken without asking the server (as HikariCP does), an older one after
     * {@code isValid}.
     */
    private Connection reuse() {
        for (Kept kept = idle.pollFirst(); kept != null; kept = idle.pollFirst()) {
            try {
                boolean recent = System.nanoTime() - kept.keptAt() < TimeUnit.MILLISECONDS.toNanos(TRUST_MILLIS);
                if (recent ? !kept.real().isClosed() : kept.real().isValid(5)) {
                    return track(kept.real(), true);
                }
            } catch (SQLException e) {
                // closed below
            }
            closePhysically(kept.real());
        }
        return null;
    }

    private Connection track(Connection real, boolean keep) {
        AtomicBoolean closed = new AtomicBoolean();
        AtomicBoolean dirty = new AtomicBoolean(!keep);
        Connection[] self = new Connection[1];
        InvocationHandler handler = (proxy, method, args) -> invoke(real, closed, dirty, self[0], method, args);
        self[0] = (Connection)
                Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
        open.add(self[0]);
        return self[0];
    }

    private Object invoke(
            Connection real, AtomicBoolean closed, AtomicBoolean dirty, Connection proxy, Method method, Object[] args)
            throws Throwable {
        if (DIRTYING.contains(method.getName())) {
            dirty.set(true);
        }
        switch (method.getName()) {
            case "close":
                if (closed.compareAndSet(false, true)) {
                    open.remove(proxy);
                    giveBack(real, dirty.get());
                }
                return null;
            case "isClosed":
                return closed.get() || real.isClosed();
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "Connection[" + database + (closed.get() ? ", closed" : "") + "]";
            default:
                if (closed.get()) {
                    throw new SQLException("This connection has been closed.", "08003");
                }
                try {
                    return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
        }
    }

    /** Keeps a connection for reuse when it is clean, else closes it and frees its permits. */
    private void giveBack(Connection real, boolean dirty) {
        // Not kept while tests of other databases wait for the JVM-wide allowance that it holds.
        if (!dirty && !closing && idle.size() < MAX_IDLE && !global.hasQueuedThreads() && reset(real)) {
            Kept kept = new Kept(real, System.nanoTime());
            idle.addFirst(kept);
            if (closing && idle.remove(kept)) {
                closePhysically(real);
            }
            return;
        }
        closePhysically(real);
    }

    /** Ends what the test left of a transaction and undoes JDBC-level changes; false when that fails. */
    private static boolean reset(Connection real) {
        try {
            if (real.isClosed()) {
                return false;
            }
            if (!real.getAutoCommit()) {
                real.rollback();
                real.setAutoCommit(true);
            }
            if (real.isReadOnly()) {
                real.setReadOnly(false);
            }
            real.clearWarnings();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private void closePhysically(Connection real) {
        try {
            real.close();
        } catch (SQLException e) {
            // the database is being dropped anyway
        } finally {
            own.release();
            global.release();
        }
    }

    /** Whether closed connections are kept for reuse. */
    public boolean pooled() {
        return pooled;
    }

    /**
     * Closes every connection still open, and the kept ones, so that the database can be dropped.
     *
     * @return how many the test left open
     */
    int closeAll() {
        closing = true;
        List<Connection> left = new ArrayList<>(open);
        for (Connection c : left) {
            try {
                c.close();
            } catch (SQLException e) {
                // the database is being dropped anyway
            }
        }
        for (Kept kept = idle.pollFirst(); kept != null; kept = idle.pollFirst()) {
            closePhysically(kept.real());
        }
        return left.size();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : target.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || target.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return "BoundedDataSource[" + database + ", max " + limit + " connections" + (pooled ? ", pooled" : "") + "]";
    }
}
