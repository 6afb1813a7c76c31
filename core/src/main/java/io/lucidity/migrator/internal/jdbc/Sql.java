package io.lucidity.migrator.internal.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Small JDBC helpers: identifier quoting and one-value queries. */
public final class Sql {
    private Sql() {}

    /** Quotes an identifier for PostgreSQL: {@code my"table} becomes {@code "my""table"}. */
    public static String ident(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** Quotes a schema-qualified name. */
    public static String qualified(String schema, String name) {
        return ident(schema) + "." + ident(name);
    }

    /** Quotes a string literal: {@code it's} becomes {@code 'it''s'}. */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** The connection's database name. */
    public static String database(Connection c) throws SQLException {
        String known = c.getCatalog(); // the driver knows it from the login: no round trip
        return known != null ? known : queryString(c, "SELECT current_database()");
    }

    /** Runs a statement that returns nothing of interest. */
    public static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The first column of the first row as text, or null when there is no row. */
    public static String queryString(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The first column of the first row as a long, or {@code fallback} when there is no row or it is null. */
    public static long queryLong(Connection connection, String sql, long fallback, Object... parameters)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rs = statement.executeQuery()) {
                if (rs.next()) {
                    long value = rs.getLong(1);
                    return rs.wasNull() ? fallback : value;
                }
                return fallback;
            }
        }
    }

    /** Work on a connection that returns a value: the one checked-SQL callback of the internals. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction on {@code c}: all of it is committed, or none of it (a failed rollback is
     * added to the original failure as suppressed). The connection's autocommit is put back as it was.
     */
    public static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            rollback(c, e);
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** Rolls back the transaction after {@code cause}; a failure to do so is added to it as suppressed. */
    public static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Binds positional parameters. */
    public static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }
}
