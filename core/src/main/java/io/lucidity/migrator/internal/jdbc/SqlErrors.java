package io.lucidity.migrator.internal.jdbc;

import io.lucidity.migrator.internal.Redactor;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
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

    /** What a value the server quoted in its message is replaced with by {@link #messageWithoutValues}. */
    public static final String WITHHELD = "<withheld>";
    /** Bytes the server prints unquoted ({@code invalid byte sequence for encoding "UTF8": 0xe9 0x28}). */
    private static final Pattern BYTES = Pattern.compile("0x[0-9A-Fa-f]+(?: 0x[0-9A-Fa-f]+)*");

    private SqlErrors() {}

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

    /**
     * A login that retrying cannot cure: invalid_authorization_specification, invalid_password, or the driver's
     * sqlclient_unable_to_establish_sqlconnection (08004), which pgjdbc raises when the server asks for a password and
     * none was given ("The server requested SCRAM-based authentication, but no password was provided.") or for an
     * authentication method it does not support.
     */
    public static boolean isAuthentication(String state) {
        return "28P01".equals(state) || "28000".equals(state) || "08004".equals(state);
    }

    /** Connection-class errors: the statement's fate is unknown to the client. */
    public static boolean isConnectionLost(String state) {
        return state != null
                && (state.startsWith("08") || "57P01".equals(state) || "57P02".equals(state) || "57P03".equals(state));
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

    /**
     * The names the server gave of the objects involved, which carry no value: schema, table, column, constraint and
     * datatype (those it set), in that order.
     */
    public static Map<String, String> objectNames(SQLException e) {
        Map<String, String> names = new LinkedHashMap<>();
        ServerErrorMessage m = serverMessage(e);
        if (m != null) {
            putIfSet(names, "schema", m.getSchema());
            putIfSet(names, "table", m.getTable());
            putIfSet(names, "column", m.getColumn());
            putIfSet(names, "constraint", m.getConstraint());
            putIfSet(names, "datatype", m.getDatatype());
        }
        return names;
    }

    private static void putIfSet(Map<String, String> names, String field, String value) {
        if (value != null && !value.isEmpty()) {
            names.put(field, value);
        }
    }

    /**
     * The server's primary message (its first line when the server sent none) without the values it quotes: a quoted
     * part that is not one of the {@link #objectNames} becomes {@value #WITHHELD} (a value may hold quotes itself: it
     * runs to the first later quote after which only object names are quoted), and so do bytes the server prints in
     * hex. For a statement that carried secret values, which the server may echo transformed (case-folded, escaped).
     */
    public static String messageWithoutValues(SQLException e) {
        ServerErrorMessage m = serverMessage(e);
        String message = m != null && m.getMessage() != null
                ? m.getMessage()
                : String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        String unquoted =
                withoutQuotedValues(Redactor.redact(message), objectNames(e).values());
        return BYTES.matcher(unquoted).replaceAll(WITHHELD);
    }

    static String withoutQuotedValues(String message, Collection<String> names) {
        StringBuilder out = new StringBuilder(message.length());
        int from = 0;
        while (true) {
            int open = message.indexOf('"', from);
            if (open < 0) {
                return out.append(message, from, message.length()).toString();
            }
            out.append(message, from, open);
            int end = quotedName(message, open, names);
            if (end > 0) {
                out.append(message, open, end);
                from = end;
                continue;
            }
            int close = message.indexOf('"', open + 1);
            while (close >= 0 && !onlyNamesQuoted(message, close + 1, names)) {
                close = message.indexOf('"', close + 1);
            }
            out.append(WITHHELD);
            if (close < 0) {
                return out.toString();
            }
            from = close + 1;
        }
    }

    /** Where the quoted object name that opens at {@code open} ends (after its closing quote), or 0 when none does. */
    private static int quotedName(String text, int open, Collection<String> names) {
        for (String name : names) {
            if (text.startsWith(name + '"', open + 1)) {
                return open + name.length() + 2;
            }
        }
        return 0;
    }

    private static boolean onlyNamesQuoted(String text, int from, Collection<String> names) {
        int open = text.indexOf('"', from);
        while (open >= 0) {
            int end = quotedName(text, open, names);
            if (end == 0) {
                return false;
            }
            open = text.indexOf('"', end);
        }
        return true;
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
