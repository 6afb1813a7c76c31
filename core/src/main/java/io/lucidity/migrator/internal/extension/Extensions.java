package io.lucidity.migrator.internal.extension;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.ExtensionRequirement;
import io.lucidity.migrator.ExtensionResult;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.internal.Facts;
import io.lucidity.migrator.internal.config.FrontEnd;
import io.lucidity.migrator.internal.jdbc.SafeSession;
import io.lucidity.migrator.internal.jdbc.Sql;
import io.lucidity.migrator.internal.jdbc.SqlErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ensures the required extensions before migrations: {@code CREATE EXTENSION IF NOT EXISTS}, and
 * {@code ALTER EXTENSION ... UPDATE} when the installed version is below the required minimum. Refuses
 * with the package to install, or the SQL a superuser must run once, when it cannot.
 */
public final class Extensions {
    private static final Logger LOG = LoggerFactory.getLogger(Extensions.class);
    /** SQLState unique_violation: here, pg_extension's unique name, when two sessions create one extension at once. */
    private static final String UNIQUE_VIOLATION = "23505";

    private Extensions() {}

    /**
     * One required extension as the server sees it.
     *
     * @param name      the extension
     * @param available the version the server's files provide, or null when not installed on the server
     * @param installed the version created in this database, or null
     */
    public record State(String name, String available, String installed) {}

    /** The server's view of each required extension. */
    public static Map<String, State> inspect(Connection c, List<ExtensionRequirement> required) throws SQLException {
        Map<String, State> states = new LinkedHashMap<>();
        for (ExtensionRequirement r : required) {
            states.put(r.name(), new State(r.name(), null, null));
        }
        if (required.isEmpty()) {
            return states;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, default_version, installed_version FROM pg_available_extensions WHERE name = ANY(?)")) {
            ps.setArray(
                    1,
                    c.createArrayOf(
                            "text",
                            required.stream().map(ExtensionRequirement::name).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    states.put(rs.getString(1), new State(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return states;
    }

    /**
     * Creates or updates the required extensions.
     *
     * @throws MigratorException when one is not installed on the server, may not be created, or is too old
     */
    public static List<ExtensionResult> ensure(Connection c, List<ExtensionRequirement> required, FrontEnd frontEnd)
            throws SQLException {
        return ensure(c, required, frontEnd, Map.of());
    }

    /**
     * Like {@link #ensure(Connection, List, FrontEnd)}, knowing the installed versions (read by the state probe on the
     * same connection, under the lock): when every required extension is installed and new enough, asks nothing.
     */
    public static List<ExtensionResult> ensure(
            Connection c, List<ExtensionRequirement> required, FrontEnd frontEnd, Map<String, String> installed)
            throws SQLException {
        List<ExtensionResult> present = new ArrayList<>();
        for (ExtensionRequirement r : required) {
            String version = installed.get(r.name());
            if (version == null || !r.isSatisfiedBy(version)) {
                present = null;
                break;
            }
            present.add(new ExtensionResult(r.name(), ExtensionResult.Action.PRESENT, version));
        }
        return present != null ? present : ensureAsked(c, required, frontEnd);
    }

    private static List<ExtensionResult> ensureAsked(
            Connection c, List<ExtensionRequirement> required, FrontEnd frontEnd) throws SQLException {
        List<ExtensionResult> results = new ArrayList<>();
        Map<String, State> states = inspect(c, required);
        String server = Sql.queryString(c, "SELECT current_setting('server_version')");
        for (ExtensionRequirement r : required) {
            State state = states.get(r.name());
            if (state.available() == null) {
                throw missing(r, server, c, frontEnd);
            }
            if (state.installed() == null) {
                if (!r.isSatisfiedBy(state.available())) {
                    throw tooOld(r, null, state.available(), server, null);
                }
                boolean created = create(c, r, server, frontEnd);
                String version = Sql.queryString(c, "SELECT extversion FROM pg_extension WHERE extname = ?", r.name());
                if (created) {
                    LOG.info("[migrator] Created extension {} {}", r.name(), version);
                }
                results.add(new ExtensionResult(
                        r.name(), created ? ExtensionResult.Action.CREATED : ExtensionResult.Action.PRESENT, version));
            } else if (!r.isSatisfiedBy(state.installed())) {
                if (!r.isSatisfiedBy(state.available())) {
                    throw tooOld(r, state.installed(), state.available(), server, null);
                }
                update(c, r, state, server);
                String version = Sql.queryString(c, "SELECT extversion FROM pg_extension WHERE extname = ?", r.name());
                LOG.info("[migrator] Updated extension {} from {} to {}", r.name(), state.installed(), version);
                results.add(new ExtensionResult(r.name(), ExtensionResult.Action.UPDATED, version));
            } else {
                results.add(new ExtensionResult(r.name(), ExtensionResult.Action.PRESENT, state.installed()));
            }
        }
        return results;
    }

    /**
     * Creates the extension.
     *
     * @return false when another session created it at the same time (two tenant schemas of one database upgraded
     *     at once, each under its own lock: {@code IF NOT EXISTS} does not guard against that, the catalog's unique
     *     index does)
     */
    private static boolean create(Connection c, ExtensionRequirement r, String server, FrontEnd frontEnd)
            throws SQLException {
        try {
            // Into the session's own default schema, as before Migrator's safe search path (SafeSession).
            SafeSession.withSearchPath(c, SafeSession.originalSearchPath(c), () -> {
                Sql.execute(c, "CREATE EXTENSION IF NOT EXISTS " + Sql.ident(r.name()));
                return null;
            });
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState()) && c.getAutoCommit()) {
                LOG.debug("[migrator] Extension {} created by another session meanwhile", r.name());
                return false;
            }
            if (SqlErrors.INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                String database = Sql.queryString(c, "SELECT current_database()");
                String user = Sql.queryString(c, "SELECT current_user");
                throw MigratorException.of(
                        DiagnosticCode.EXTENSION_NOT_PERMITTED,
                        "The role " + user + " may not create the extension " + r.name() + ".",
                        Facts.of("extension", r.name())
                                .and("database", database)
                                .and("role", user)
                                .and("server", server)
                                .and("error", SqlErrors.message(e))
                                .map(),
                        "A superuser runs once, in database " + database + ": CREATE EXTENSION IF NOT EXISTS "
                                + Sql.ident(r.name()) + "; (on managed services, enable '" + r.name()
                                + "' in the database's extension settings).",
                        e);
            }
            if (SqlErrors.READ_ONLY.equals(e.getSQLState())) {
                throw MigratorException.of(
                        DiagnosticCode.READ_ONLY,
                        "The database is read-only; the extension " + r.name() + " cannot be created.",
                        Facts.of("extension", r.name())
                                .and("error", SqlErrors.message(e))
                                .map(),
                        "Point " + frontEnd.name("url") + " (or " + frontEnd.name("migration-url")
                                + ") at the primary server.",
                        e);
            }
            throw e;
        }
    }

    private static void update(Connection c, ExtensionRequirement r, State state, String server) throws SQLException {
        try {
            Sql.execute(c, "ALTER EXTENSION " + Sql.ident(r.name()) + " UPDATE");
        } catch (SQLException e) {
            if (SqlErrors.INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                throw tooOld(r, state.installed(), state.available(), server, e);
            }
            throw e;
        }
    }

    private static MigratorException missing(ExtensionRequirement r, String server, Connection c, FrontEnd frontEnd)
            throws SQLException {
        String major = server == null ? "<major>" : server.replaceAll("^(\\d+).*", "$1");
        String install = "vector".equals(r.name())
                ? "Install pgvector on the database server: Debian/Ubuntu `apt-get install postgresql-" + major
                        + "-pgvector`, RHEL `dnf install pgvector_" + major + "`, Docker image pgvector/pgvector:pg"
                        + major
                        + "; managed services: enable the 'vector' extension. Then start again."
                : "Install the package that provides the extension " + r.name()
                        + " on the database server, then start again.";
        install += " If this application does not need " + r.name() + ", leave it out of " + frontEnd.name("extensions")
                + " (none for no extension).";
        return MigratorException.of(
                DiagnosticCode.EXTENSION_MISSING,
                "The extension " + r.name() + " is not installed on the database server.",
                Facts.of("extension", r.name())
                        .and("server", server)
                        .and("database", Sql.queryString(c, "SELECT current_database()"))
                        .and("looked in", "pg_available_extensions")
                        .map(),
                install,
                null);
    }

    /**
     * @param installed    null when the extension is not created in this database yet
     * @param updateDenied the error of an {@code ALTER EXTENSION ... UPDATE} this role may not run, or null
     */
    private static MigratorException tooOld(
            ExtensionRequirement r, String installed, String available, String server, SQLException updateDenied) {
        String remedy;
        if (installed == null) {
            remedy = "Install " + r.name() + " " + r.minVersion()
                    + " or later on the database server, then start again "
                    + "(Migrator then creates it: CREATE EXTENSION IF NOT EXISTS " + Sql.ident(r.name()) + ";).";
        } else if (r.isSatisfiedBy(available)) {
            remedy = "A superuser runs once: ALTER EXTENSION " + Sql.ident(r.name()) + " UPDATE;";
        } else {
            remedy = "Install a newer " + r.name() + " (" + r.minVersion()
                    + " or later) on the database server, then a superuser runs: " + "ALTER EXTENSION "
                    + Sql.ident(r.name()) + " UPDATE;";
        }
        String summary = installed == null
                ? "The database server provides the extension " + r.name() + " only at version " + available
                        + ", older than the required " + r.minVersion() + "."
                : "The extension " + r.name() + " is at version " + installed + ", older than the required "
                        + r.minVersion() + ".";
        return MigratorException.of(
                DiagnosticCode.EXTENSION_TOO_OLD,
                summary,
                Facts.of("extension", r.name())
                        .and("installed", installed == null ? "not created in this database" : installed)
                        .and("required", ">= " + r.minVersion())
                        .and("server provides", available)
                        .and("server", server)
                        .and(
                                "update",
                                updateDenied == null ? null : "denied to this role: " + SqlErrors.message(updateDenied))
                        .map(),
                remedy,
                updateDenied);
    }
}
