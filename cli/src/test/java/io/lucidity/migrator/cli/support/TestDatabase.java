package io.lucidity.migrator.cli.support;

import io.lucidity.migrator.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A fresh, empty database on the shared throwaway PostgreSQL (real server with pgvector; a missing server
 * fails the test, it never skips). Its connection settings reach the CLI through {@code MIGRATOR_URL},
 * {@code MIGRATOR_USER} and {@code PGPASSWORD}, as in a container.
 */
public final class TestDatabase {
    private final EmbeddedPostgres server = EmbeddedPostgres.shared();
    private final String name;

    public TestDatabase() {
        this.name = server.createDatabase();
        Cli.secret(server.password());
    }

    public static EmbeddedPostgres server() {
        return EmbeddedPostgres.shared();
    }

    public String name() {
        return name;
    }

    /** The JDBC URL, without credentials. */
    public String url() {
        return server.jdbcUrl(name);
    }

    /** The superuser's password. */
    public String password() {
        return server.password();
    }

    /** {@code MIGRATOR_URL}, {@code MIGRATOR_USER} and {@code PGPASSWORD} for this database. */
    public Map<String, String> env() {
        return Map.of("MIGRATOR_URL", url(), "MIGRATOR_USER", server.user(), "PGPASSWORD", server.password());
    }

    /** A CLI connected to this database through the environment, with a clean working directory. */
    public Cli cli() {
        return Cli.create().env(env());
    }

    public Connection connect() throws SQLException {
        return server.connect(name);
    }

    /** Runs SQL (several statements allowed). */
    public void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The first column of every row, as text. */
    public List<String> column(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The first column of the first row, as text, or null. */
    public String value(String sql) throws SQLException {
        List<String> values = column(sql);
        return values.isEmpty() ? null : values.get(0);
    }

    /** True when the relation exists. */
    public boolean exists(String relation) throws SQLException {
        return value("SELECT to_regclass('" + relation.replace("'", "''") + "')") != null;
    }

    /**
     * The migration lock's key, computed exactly as core does, for a second session to take it.
     */
    public long lockKey(String schema) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT hashtextextended('io.lucidity.migrator:' || current_database() || ':' || '"
                     + schema.replace("'", "''") + "', 0)")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
