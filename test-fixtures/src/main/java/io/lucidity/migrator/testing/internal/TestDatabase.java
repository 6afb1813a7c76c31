package io.lucidity.migrator.testing.internal;

import io.lucidity.migrator.HistoryEntry;
import io.lucidity.migrator.MigrationState;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.testing.FixtureException;
import io.lucidity.migrator.testing.MigratedDb;
import io.lucidity.migrator.testing.SchemaSnapshot;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationVersion;

/** A test database handed to a test; see {@link MigratedDb}. */
public final class TestDatabase implements MigratedDb {
    private final Server server;
    private final String name;
    private final FixtureOptions options;
    private final BoundedDataSource dataSource;
    private Migrator migrator;

    TestDatabase(Server server, String name, FixtureOptions options, BoundedDataSource dataSource) {
        this.server = server;
        this.name = name;
        this.options = options;
        this.dataSource = dataSource;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    /** The JDBC URL with user and password parameters. */
    public String jdbcUrlWithCredentials() {
        return server.jdbcUrlWithCredentials(name);
    }

    @Override
    public String user() {
        return server.user();
    }

    @Override
    public String password() {
        return server.password();
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    /** The options this database was made with. */
    public FixtureOptions options() {
        return options;
    }

    @Override
    public Connection connection() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new FixtureException(
                    "Could not connect to the test database " + jdbcUrl() + ": " + e.getMessage() + " (SQLState "
                            + e.getSQLState() + ")",
                    e);
        }
    }

    @Override
    public synchronized Migrator migrator() {
        if (migrator == null) {
            migrator = options.configure(dataSource).load();
        }
        return migrator;
    }

    @Override
    public String migrateTo(String revision) {
        Migrator m = migrator();
        String target = revision.trim();
        if (target.equalsIgnoreCase("head")) {
            m.upgradeToHead();
        } else if (target.equalsIgnoreCase("base")) {
            m.downgradeTo("base");
        } else if (isApplied(m, target)) {
            m.downgradeTo(target);
        } else {
            m.upgradeTo(target);
        }
        return m.current();
    }

    private static boolean isApplied(Migrator m, String target) {
        MigrationVersion wanted;
        try {
            wanted = MigrationVersion.fromVersion(
                    target.startsWith("V") || target.startsWith("v") ? target.substring(1) : target);
        } catch (RuntimeException notAVersion) {
            return false;
        }
        for (HistoryEntry entry : m.history()) {
            if (entry.version() != null
                    && MigrationVersion.fromVersion(entry.version()).equals(wanted)) {
                return entry.state() == MigrationState.APPLIED
                        || entry.state() == MigrationState.STAMPED
                        || entry.state() == MigrationState.BASELINE;
            }
        }
        return false;
    }

    @Override
    public String currentRevision() {
        return migrator().current();
    }

    @Override
    public int execute(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection()) {
            return Sql.update(c, sql, parameters);
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    @Override
    public List<Map<String, Object>> query(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection()) {
            return Sql.query(c, sql, parameters);
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    @Override
    public SchemaSnapshot schema() {
        try (Connection c = dataSource.getConnection()) {
            return SchemaSnapshot.of(c, bookkeepingTables());
        } catch (SQLException e) {
            throw new FixtureException(
                    "Could not connect to the test database " + jdbcUrl() + ": " + e.getMessage(), e);
        }
    }

    /** Migrator's bookkeeping tables under this configuration. */
    public Set<String> bookkeepingTables() {
        return Set.of(
                migrator().config().table(),
                "migrator_journal",
                "migrator_seed_journal",
                "migrator_history_summary",
                "migrator_history_changed");
    }

    private FixtureException failed(String sql, SQLException e) {
        return new FixtureException(
                "The statement failed on test database " + name + ": " + e.getMessage() + " (SQLState "
                        + e.getSQLState() + ")\n  Statement: " + sql,
                e);
    }

    /**
     * Closes the Migrator and every connection the test left open.
     *
     * @return how many connections were still open
     */
    synchronized int closeResources() {
        if (migrator != null) {
            migrator.close();
            migrator = null;
        }
        return dataSource.closeAll();
    }

    @Override
    public String toString() {
        return "MigratedDb[" + jdbcUrl() + "]";
    }
}
