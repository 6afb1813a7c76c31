package io.lucidity.migrator.internal.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection whose session resolves names only in {@code pg_catalog} (and {@code pg_temp}, last), so that no
 * function or operator that another role created in a schema on the session's {@code search_path} can stand in for
 * a built-in one in the SQL Migrator writes itself (the CVE-2018-1058 class). User scripts (migrations, undo
 * scripts, SQL seeds, drain checks) run with {@link #userSearchPath}: the configured schema first, then the
 * session's own path as it was when the connection was handed to Migrator.
 *
 * <p>The session's path and {@code application_name} are read and replaced by one statement whose every name is
 * qualified (the name becomes Migrator's own, so that {@code pg_stat_activity}, and a waiting instance's report of
 * the lock holder, show Migrator's sessions on an application's DataSource as Migrator's); when the connection goes
 * back to a pool (the application's DataSource, or Migrator's own), both are put back as they were.
 */
public final class SafeSession {
    /** The search path of every statement Migrator writes itself. */
    public static final String SAFE_PATH = "pg_catalog, pg_temp";

    private static final Logger LOG = LoggerFactory.getLogger(SafeSession.class);
    private static final String HARDEN =
            "SELECT path, name, pg_catalog.set_config('search_path', '" + SAFE_PATH + "', false), "
                    + "pg_catalog.set_config('application_name', COALESCE(?, name), false) "
                    + "FROM (SELECT pg_catalog.current_setting('search_path') AS path, "
                    + "pg_catalog.current_setting('application_name') AS name OFFSET 0) s";
    private static final String RESTORE = "SELECT pg_catalog.set_config('search_path', ?, false), "
            + "pg_catalog.set_config('application_name', ?, false)";

    private SafeSession() {}

    /** What a connection handed out by {@link Connections} knows of its session. */
    public interface Aware {
        /** The session's search path as it was before Migrator replaced it. */
        String originalSearchPath();
    }

    /**
     * A hardened connection and what its first query read in the same round trip (null when that query failed: the
     * caller then runs it on its own, and sees its error there).
     */
    public record Hardened<T>(Connection connection, T first) {}

    /**
     * Hardens the session of {@code connection}, names it {@code applicationName} (null: keeps its name) and returns a
     * connection that puts the original search path and name back when closed (when {@code restoreOnClose}: a pooled
     * connection outlives Migrator's use of it). {@code first} (optional) is sent in the same round trip, after the
     * hardening: the server parses it once the safe search path is set.
     */
    static <T> Hardened<T> wrap(
            Connection connection, boolean restoreOnClose, String applicationName, FirstQuery<T> first)
            throws SQLException {
        String[] original = null;
        T read = null;
        if (first != null) {
            try (PreparedStatement ps = connection.prepareStatement(HARDEN + ";\n" + first.sql())) {
                ps.setString(1, applicationName);
                first.bind(ps, 2);
                ps.execute();
                String[] names = read(ps.getResultSet());
                if (!ps.getMoreResults()) {
                    throw new SQLException("The first query returned no rows");
                }
                try (ResultSet rs = ps.getResultSet()) {
                    read = first.read(rs);
                }
                original = names;
            } catch (SQLException e) { // both statements ran in one implicit transaction: neither took effect
                LOG.debug(
                        "[migrator] The first query failed with the session's hardening; hardening alone: {}",
                        e.getMessage());
                read = null;
            }
        }
        if (original == null) {
            try (PreparedStatement ps = connection.prepareStatement(HARDEN)) {
                ps.setString(1, applicationName);
                ps.execute();
                original = read(ps.getResultSet());
            }
        }
        InvocationHandler handler = new Handler(connection, original[0], original[1], restoreOnClose);
        return new Hardened<>(
                (Connection) Proxy.newProxyInstance(
                        SafeSession.class.getClassLoader(), new Class<?>[] {Connection.class, Aware.class}, handler),
                read);
    }

    /** The original search path and application name that the hardening read. */
    private static String[] read(ResultSet hardened) throws SQLException {
        try (ResultSet rs = hardened) {
            rs.next();
            return new String[] {rs.getString(1), rs.getString(2)};
        }
    }

    /**
     * The search path user scripts run with: {@code schema} first, then the session's original path (unchanged when
     * it already starts with the schema).
     */
    public static String userSearchPath(Connection c, String schema) {
        String original = originalSearchPath(c);
        String first = Sql.ident(schema);
        if (original == null || original.isBlank()) {
            return first;
        }
        if (original.equals(schema)
                || original.equals(first)
                || original.startsWith(first + ",")
                || original.startsWith(schema + ",")) {
            return original;
        }
        return first + ", " + original;
    }

    /** The session's search path as it was before Migrator replaced it (null for a connection not from Connections). */
    public static String originalSearchPath(Connection c) {
        return c instanceof Aware aware ? aware.originalSearchPath() : null;
    }

    /**
     * Runs {@code work} with the session's search path set to {@code path} (user SQL outside a transaction of its own:
     * drain checks, CREATE EXTENSION), then puts the safe path back, whatever happened.
     */
    public static <T> T withSearchPath(Connection c, String path, Sql.Work<T> work) throws SQLException {
        if (path == null) { // not a connection from Connections: its session was never changed
            return work.run();
        }
        Sql.queryString(c, "SELECT pg_catalog.set_config('search_path', ?, false)", path);
        try {
            return work.run();
        } finally {
            reharden(c);
        }
    }

    /** Puts the safe path back for the session, after a user script that may have changed it for the session. */
    private static void reharden(Connection c) throws SQLException {
        Sql.queryString(c, "SELECT pg_catalog.set_config('search_path', '" + SAFE_PATH + "', false)");
    }

    private static final class Handler implements InvocationHandler {
        private final Connection target;
        private final String original;
        private final String originalName;
        private final boolean restoreOnClose;

        Handler(Connection target, String original, String originalName, boolean restoreOnClose) {
            this.target = target;
            this.original = original;
            this.originalName = originalName;
            this.restoreOnClose = restoreOnClose;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "originalSearchPath":
                    return original;
                case "close":
                    restore();
                    break;
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "SafeSession(" + target + ")";
                default:
                    break;
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private void restore() {
            try {
                if (!restoreOnClose || target.isClosed()) {
                    return;
                }
                if (!target.getAutoCommit()) {
                    target.rollback();
                    target.setAutoCommit(true);
                }
                try (PreparedStatement ps = target.prepareStatement(RESTORE)) {
                    ps.setString(1, original);
                    ps.setString(2, originalName);
                    ps.executeQuery().close();
                }
            } catch (SQLException e) {
                LOG.debug(
                        "[migrator] Putting the session's search_path and application_name back failed: {}",
                        e.getMessage());
            }
        }
    }
}
