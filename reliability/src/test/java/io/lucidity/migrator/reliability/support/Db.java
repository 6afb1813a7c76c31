package io.lucidity.migrator.reliability.support;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A fresh, empty database on a real PostgreSQL (the shared throwaway server by default, with pgvector unless
 * {@link TestServer} says otherwise), dropped on close.
 */
public final class Db implements AutoCloseable {
    private final EmbeddedPostgres server;
    private final String name;

    public Db() {
        this(TestServer.shared());
    }

    public Db(EmbeddedPostgres server) {
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

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    public Connection connect() throws SQLException {
        return server.connect(name);
    }

    /**
     * A builder connected to this database as the superuser, with these files' locations; vector required (the
     * default) where the server has pgvector, no extension otherwise ({@link TestServer#extensions}).
     */
    public MigratorConfig.Builder configure(Scripts scripts) {
        return TestServer.extensions(Migrator.configure().url(url()).user(user()).password(password())
                .locations(scripts.locations()).seedLocations(scripts.seeds())
                .connectTimeout(java.time.Duration.ofSeconds(5)));
    }

    /** Runs SQL (several statements allowed). */
    public void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The first column of every row, as text. */
    public List<String> column(String sql) {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The first column of the first row, as text, or null. */
    public String value(String sql) {
        List<String> values = column(sql);
        return values.isEmpty() ? null : values.get(0);
    }

    public long count(String sql) {
        return Long.parseLong(value(sql));
    }

    public boolean exists(String relation) {
        return value("SELECT to_regclass('" + relation.replace("'", "''") + "')") != null;
    }

    /** Versions in the history table with success, in order ("1", "2", ...); empty when there is no history table. */
    public List<String> appliedVersions() {
        if (!exists("public.flyway_schema_history")) {
            return List.of();
        }
        return column("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank");
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
                out.append("  rows ").append(value("SELECT count(*) || ' ' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM "
                        + table + " t")).append('\n');
            }
        }
        return out.toString();
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void close() {
        server.dropDatabase(name);
    }
}
