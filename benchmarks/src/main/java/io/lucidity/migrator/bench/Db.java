package io.lucidity.migrator.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * One database on the benchmark server.
 *
 * @param url      JDBC URL, without credentials
 * @param user     the user
 * @param password the password (never printed)
 * @param host     for psql
 * @param port     for psql
 * @param name     the database name
 */
public record Db(String url, String user, String password, String host, int port, String name) {

    /** A plain connection. */
    public Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return DriverManager.getConnection(url, p);
    }

    /** The first column of the first row, as a long. */
    public long queryLong(String sql) throws SQLException {
        try (Connection c = connect();
                var s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public String toString() {
        return url;
    }
}
