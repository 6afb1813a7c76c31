package io.lucidity.migrator.internal.backup;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The server and database a backup or restore works on.
 *
 * @param version  {@code server_version}, e.g. {@code 16.4 (Debian 16.4-1)}
 * @param major    the major version, e.g. {@code 16}
 * @param database the database name
 */
record Server(String version, int major, String database) {

    static Server of(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('server_version'), "
                        + "current_setting('server_version_num')::int / 10000, current_database()")) {
            rs.next();
            return new Server(rs.getString(1), rs.getInt(2), rs.getString(3));
        }
    }
}
