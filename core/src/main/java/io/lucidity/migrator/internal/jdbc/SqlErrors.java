package io.lucidity.migrator.internal.jdbc;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Classifies PostgreSQL errors by SQLState and digs out the server's message parts. */
public final class SqlErrors {
    /** duplicate_column, duplicate_table (also indexes and other relations), duplicate_object. */
    public static final java.util.Set<String> ALREADY_EXISTS = java.util.Set.of("42701", "42P07", "42710");
    /** lock_not_available: {@code lock_timeout} expired. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    /** query_canceled: {@code statement_timeout} expired or the query was cancelled. */
    public static final String QUERY_CANCELED = "57014";
    /** insufficient_privilege. */
    public static final String INSUFFICIENT_PRIVILEGE = "42501";
    /** read_only_sql_transaction. */
    public static final String READ_ONLY = "25006";
    /** active_sql_transaction: "cannot run inside a transaction block". */
    public static final String IN_TRANSACTION_BLOCK = "25001";
    /** undefined_table. */
    public static final String UNDEFINED_TABLE = "42P01";
    /** invalid_schema_name: the schema does not exist. */
    public static final String INVALID_SCHEMA_NAME = "3F000";

    private SqlErrors() {
    }

    /** The innermost SQLException carrying an SQLState (HikariCP wraps the driver's). */
    public static SQLException rootSqlException(SQLException e) {
        SQLException best = e;
        Throwable t = e;
        while (t != null) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                best = s;
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return best;
    }

    /** invalid_authorization_specification or invalid_password. */
    public static boolean isAuthentication(String state) {
        return "28P01".equals(state) || "28000".equals(state);
    }

    /** Connection-class errors: the statement's fate is unknown to the client. */
    public static boolean isConnectionLost(String state) {
        return state != null && (state.startsWith("08") || "57P01".equals(state) || "57P02".equals(state) || "57P03".equals(state));
    }

    /** The server's error detail, or null. */
    public static String detail(SQLException e) {
        ServerErrorMessage m = serverMessage(e);
        return m == null ? null : m.getDetail();
    }

    /** The server's hint, or null. */
    public static String hint(SQLException e) {
        ServerErrorMessage m = serverMessage(e);
        return m == null ? null : m.getHint();
    }

    /** The server's primary message without the driver's decorations. */
    public static String message(SQLException e) {
        ServerErrorMessage m = serverMessage(e);
        if (m != null && m.getMessage() != null) {
            return m.getMessage();
        }
        return e.getMessage();
    }

    /** The 1-based character position of the error within the statement, or 0. */
    public static int position(SQLException e) {
        ServerErrorMessage m = serverMessage(e);
        return m == null ? 0 : m.getPosition();
    }

    /** The server's "where" context (e.g. "COPY t, line 3, column x"), or null. */
    public static String where(SQLException e) {
        ServerErrorMessage m = serverMessage(e);
        return m == null ? null : m.getWhere();
    }

    private static ServerErrorMessage serverMessage(SQLException e) {
        SQLException root = rootSqlException(e);
        return root instanceof PSQLException p ? p.getServerErrorMessage() : null;
    }
}
