package io.lucidity.migrator.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The migration lock's key as another session computes it, so that a test can hold the lock the way a second
 * instance, a deploy job or an operator's psql would, with the formula docs/how-it-works.md documents. The one copy of
 * the key's formula in the tests; core's {@code LockKeyTest} proves it equals the key the engine takes and
 * {@code status} reports.
 */
public final class LockKey {
    /** The key of the lock of the schema given as the one parameter, in the connection's database. */
    public static final String SQL =
            "SELECT hashtextextended('io.lucidity.migrator:' || current_database() || ':' || ?, 0)";

    private LockKey() {}

    /** The key of {@code schema}'s migration lock in the connection's database. */
    public static long of(Connection connection, String schema) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(SQL)) {
            s.setString(1, schema);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** SQL that takes {@code schema}'s migration lock in the session that runs it (waiting while another holds it). */
    public static String lockSql(String schema) {
        return "SELECT pg_advisory_lock(hashtextextended('io.lucidity.migrator:' || current_database() || ':' || '"
                + schema.replace("'", "''") + "', 0))";
    }

    /** Takes {@code schema}'s migration lock in this session, as a second instance holding it would. */
    public static void hold(Connection connection, String schema) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(lockSql(schema));
        }
    }
}
