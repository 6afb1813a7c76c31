package io.lucidity.migrator.support;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A fresh, empty database on the shared throwaway server (real PostgreSQL, with pgvector unless {@link TestServer}
 * says otherwise), dropped on close.
 */
public final class TestDb implements AutoCloseable {
    private final EmbeddedPostgres server = TestServer.shared();
    private final String name;

    public TestDb() {
        this.name = server.createDatabase();
    }

    public static EmbeddedPostgres server() {
        return TestServer.shared();
    }

    public String name() {
        return name;
    }

    public String url() {
        return server.jdbcUrl(name);
    }

    public DataSource dataSource() {
        return server.dataSource(name);
    }

    public Connection connect() throws SQLException {
        return server.connect(name);
    }

    /**
     * A builder connected to this database with the superuser, with these files' locations; vector required (the
     * default) where the server has pgvector, no extension otherwise ({@link TestServer#extensions}).
     */
    public MigratorConfig.Builder configure(MigrationDir dir) {
        return TestServer.extensions(Migrator.configure().url(url()).user(server.user()).password(server.password())
                .locations(dir.location()).seedLocations(dir.seedLocation()));
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

    @Override
    public void close() {
        server.dropDatabase(name);
    }
}
