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
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A non-pooling DataSource of one test database that bounds its open connections (per database, and across the
 * JVM) and remembers them, so that the fixture can close what a test left open. Waiting for a free connection
 * longer than {@link #WAIT_SECONDS} fails with a message naming the limit.
 */
public final class BoundedDataSource implements DataSource {
    static final long WAIT_SECONDS = 30;

    private final DataSource target;
    private final String database;
    private final int limit;
    private final Semaphore own;
    private final Semaphore global;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();

    BoundedDataSource(DataSource target, String database, int limit, Semaphore global) {
        this.target = target;
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
        acquire(own, "Test database " + database + " already has " + limit + " open connections (its "
                + "maxConnections). Close connections when done (try-with-resources), or raise "
                + "@MigratedDatabase(maxConnections = ...).");
        try {
            acquire(global, "The tests of this JVM hold every connection the fixtures allow at once. Close "
                    + "connections when done, lower the test parallelism, or raise " + Env.MAX_CONNECTIONS + ".");
        } catch (SQLException e) {
            own.release();
            throw e;
        }
        try {
            Connection real = explicit ? target.getConnection(username, password) : target.getConnection();
            Connection tracked = track(real);
            open.add(tracked);
            return tracked;
        } catch (SQLException | RuntimeException e) {
            own.release();
            global.release();
            throw e;
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

    private Connection track(Connection real) {
        AtomicBoolean closed = new AtomicBoolean();
        Connection[] self = new Connection[1];
        InvocationHandler handler = (proxy, method, args) -> invoke(real, closed, self[0], method, args);
        self[0] = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
        return self[0];
    }

    private Object invoke(Connection real, AtomicBoolean closed, Connection proxy, Method method, Object[] args)
            throws Throwable {
        switch (method.getName()) {
            case "close":
                if (closed.compareAndSet(false, true)) {
                    open.remove(proxy);
                    own.release();
                    global.release();
                    real.close();
                }
                return null;
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "Connection[" + database + (closed.get() ? ", closed" : "") + "]";
            default:
                try {
                    return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
        }
    }

    /** How many connections are open now. */
    public int openConnections() {
        return open.size();
    }

    /**
     * Closes every connection still open.
     *
     * @return how many there were
     */
    int closeAll() {
        List<Connection> left = new ArrayList<>(open);
        for (Connection c : left) {
            try {
                c.close();
            } catch (SQLException e) {
                // the database is being dropped anyway
            }
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
        return "BoundedDataSource[" + database + ", max " + limit + " connections]";
    }
}
