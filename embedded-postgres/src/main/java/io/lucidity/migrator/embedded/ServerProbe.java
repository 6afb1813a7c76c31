package io.lucidity.migrator.embedded;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.BiFunction;
import javax.sql.DataSource;

/** Asks a running server for its version and checks that required extensions are available. */
final class ServerProbe {

    /** The server's version as {@code "15.20"} and its major version. */
    record ServerInfo(String version, int majorVersion) {}

    static final String PGVECTOR = "vector";

    private ServerProbe() {}

    /** The message for an extension missing from a LOCAL installation. */
    static String missingOnLocal(String extension, int major, Path binDirectory) {
        String install = PGVECTOR.equals(extension)
                ? "Install it: `sudo apt-get install postgresql-" + major + "-pgvector` where your "
                        + "distribution has it, or run `sudo scripts/setup-postgres.sh` (builds it from "
                        + "Debian's source package)"
                : "Install the package that provides it for PostgreSQL " + major;
        return subject(extension) + " is not installed for PostgreSQL " + major + " at "
                + binDirectory + ". " + install + "; or use a server that has it via "
                + Environment.JDBC_URL + ".";
    }

    /** The message for an extension missing from an EXTERNAL server. */
    static String missingOnExternal(String extension, int major, String url) {
        String install = PGVECTOR.equals(extension)
                ? "Install pgvector on that server (Debian: `sudo apt-get install postgresql-" + major
                        + "-pgvector`, or `sudo scripts/setup-postgres.sh` from the Migrator repository)"
                : "Install the package that provides it on that server (PostgreSQL " + major + ")";
        return subject(extension) + " is not installed on the server at " + url + " (PostgreSQL "
                + major + ", from " + Environment.JDBC_URL + "). " + install + "; or unset "
                + Environment.JDBC_URL + " to start a local server.";
    }

    private static String subject(String extension) {
        return "The PostgreSQL extension '" + extension + "'" + (PGVECTOR.equals(extension) ? " (pgvector)" : "");
    }

    /** Reads the server version; the connection failure message is left to the caller. */
    static ServerInfo version(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT current_setting('server_version'), current_setting('server_version_num')")) {
            rs.next();
            String version = rs.getString(1).split("\\s+")[0];
            int number = Integer.parseInt(rs.getString(2));
            return new ServerInfo(version, number >= 100000 ? number / 10000 : number / 100);
        }
    }

    /**
     * Throws for the first required extension that the server cannot create.
     *
     * @param missingMessage builds the message from the extension's name and the major version
     */
    static void requireExtensions(
            Connection connection,
            List<String> extensions,
            int majorVersion,
            BiFunction<String, Integer, String> missingMessage)
            throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT 1 FROM pg_available_extensions WHERE name = ?")) {
            for (String extension : extensions) {
                statement.setString(1, extension);
                try (ResultSet rs = statement.executeQuery()) {
                    if (!rs.next()) {
                        throw new EmbeddedPostgresException(missingMessage.apply(extension, majorVersion));
                    }
                }
            }
        }
    }

    /** Opens a connection, turning a failure into an {@link EmbeddedPostgresException}. */
    static Connection connect(DataSource dataSource, String description, String hint) {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            String reason = String.valueOf(e.getMessage()).trim();
            throw new EmbeddedPostgresException(
                    "Could not connect to " + description + ": " + reason + (reason.endsWith(".") ? " " : ". ") + hint,
                    e);
        }
    }
}
