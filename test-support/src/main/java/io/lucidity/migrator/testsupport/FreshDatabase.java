package io.lucidity.migrator.testsupport;

import io.lucidity.migrator.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A fresh, empty database on a real PostgreSQL (the shared throwaway server of {@link TestServer} by default, with
 * pgvector unless it says otherwise), dropped on close. The SQL helpers fail with an {@link IllegalStateException}
 * naming the statement, its cause the driver's {@link SQLException}.
 *
 * <p>Not final: a module adds what needs its own API (core's configured builder, the CLI's environment).
 */
public class FreshDatabase implements AutoCloseable {
    private final EmbeddedPostgres server;
    private final String name;

    /** A database on {@link TestServer#shared()}. */
    public FreshDatabase() {
        this(TestServer.shared());
    }

    /** A database on {@code server}. */
    public FreshDatabase(EmbeddedPostgres server) {
        this.server = server;
        this.name = server.createDatabase();
    }

    public EmbeddedPostgres server() {
        return server;
    }

    public String name() {
        return name;
    }

    /** JDBC URL without credentials. */
    public String url() {
        return server.jdbcUrl(name);
    }

    /** The superuser. */
    public String user() {
        return server.user();
    }

    /** The superuser's password. */
    public String password() {
        return server.password();
    }

    public DataSource dataSource() {
        return server.dataSource(name);
    }

    public Connection connect() throws SQLException {
        return server.connect(name);
    }

    /** {@code MIGRATOR_URL}, {@code MIGRATOR_USER} and {@code PGPASSWORD} for a process against this database. */
    public Map<String, String> env() {
        return Map.of("MIGRATOR_URL", url(), "MIGRATOR_USER", user(), "PGPASSWORD", password());
    }

    /** Runs SQL (several statements allowed). */
    public void execute(String sql) {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    /** The first column of every row, as text. */
    public List<String> column(String sql) {
        List<String> out = new ArrayList<>();
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw failed(sql, e);
        }
        return out;
    }

    /** The first column of the first row, as text, or null. */
    public String value(String sql) {
        List<String> values = column(sql);
        return values.isEmpty() ? null : values.get(0);
    }

    /** The first column of the first row, as a number. */
    public long count(String sql) {
        return Long.parseLong(value(sql));
    }

    /** True when the relation exists. */
    public boolean exists(String relation) {
        return value("SELECT to_regclass('" + relation.replace("'", "''") + "')") != null;
    }

    /** Versions in the history table with success, in order ("1", "2", ...); empty when there is no history table. */
    public List<String> appliedVersions() {
        if (!exists("public.flyway_schema_history")) {
            return List.of();
        }
        return column(
                "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank");
    }

    /** The key of {@code schema}'s migration lock in this database ({@link LockKey}). */
    public long lockKey(String schema) {
        try (Connection c = connect()) {
            return LockKey.of(c, schema);
        } catch (SQLException e) {
            throw failed(LockKey.SQL, e);
        }
    }

    /**
     * Everything a user could see in the database, as text: every relation outside the system schemas with
     * its kind (and, for tables, every row), every index with its validity, every extension with its version.
     * Two equal snapshots mean nothing changed.
     */
    public String snapshot() {
        StringBuilder out = new StringBuilder();
        for (String ext : column("SELECT extname || ' ' || extversion FROM pg_extension ORDER BY 1")) {
            out.append("extension ").append(ext).append('\n');
        }
        List<String> relations = column("""
                SELECT n.nspname || '.' || c.relname || ' ' || c.relkind::text || coalesce(' valid=' || i.indisvalid::text, '')
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  LEFT JOIN pg_index i ON i.indexrelid = c.oid
                 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
                   AND n.nspname NOT LIKE 'pg_temp%'
                 ORDER BY 1""");
        for (String relation : relations) {
            out.append(relation).append('\n');
            String[] parts = relation.split(" ");
            if (parts[1].equals("r")) {
                String[] qualified = parts[0].split("\\.", 2);
                String table = quote(qualified[0]) + "." + quote(qualified[1]);
                out.append("  rows ")
                        .append(value(
                                "SELECT count(*) || ' ' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM "
                                        + table + " t"))
                        .append('\n');
            }
        }
        return out.toString();
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static IllegalStateException failed(String sql, SQLException e) {
        return new IllegalStateException(sql + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        server.dropDatabase(name);
    }
}
