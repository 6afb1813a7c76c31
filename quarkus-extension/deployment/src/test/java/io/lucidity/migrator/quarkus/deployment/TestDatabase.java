package io.lucidity.migrator.quarkus.deployment;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.testsupport.FreshDatabase;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.quarkus.test.QuarkusUnitTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fresh database of the test-support module ({@link FreshDatabase}: the shared throwaway PostgreSQL, with pgvector),
 * wired into a {@link QuarkusUnitTest}.
 *
 * <p>QuarkusUnitTest loads the test class a second time in the application's class loader; the database's coordinates
 * are kept in system properties under {@code key}, so both copies of the class see the same database and only the
 * first one starts the server.
 */
final class TestDatabase {
    private final String url;
    private final String user;
    private final String password;

    TestDatabase(String key) {
        String prefix = "migrator.test.database." + key + ".";
        if (System.getProperty(prefix + "url") == null) {
            FreshDatabase database = new FreshDatabase();
            System.setProperty(prefix + "url", database.url());
            System.setProperty(prefix + "user", database.user());
            System.setProperty(prefix + "password", database.password() == null ? "" : database.password());
        }
        this.url = System.getProperty(prefix + "url");
        this.user = System.getProperty(prefix + "user");
        this.password = System.getProperty(prefix + "password");
    }

    /** The database as the default datasource, Dev Services off. */
    QuarkusUnitTest defaultDataSource(QuarkusUnitTest test) {
        return dataSource(test, "quarkus.datasource.");
    }

    /** The database as the named datasource {@code dataSourceName}. */
    QuarkusUnitTest namedDataSource(QuarkusUnitTest test, String dataSourceName) {
        return dataSource(test, "quarkus.datasource.\"" + dataSourceName + "\".");
    }

    private QuarkusUnitTest dataSource(QuarkusUnitTest test, String prefix) {
        properties(prefix).forEach(test::overrideConfigKey);
        return test;
    }

    /** The configuration of the database as the default datasource, Dev Services off. */
    Map<String, String> defaultDataSourceProperties() {
        return properties("quarkus.datasource.");
    }

    private Map<String, String> properties(String prefix) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.devservices.enabled", "false");
        properties.put(prefix + "db-kind", "postgresql");
        properties.put(prefix + "jdbc.url", url);
        properties.put(prefix + "username", user);
        properties.put(prefix + "password", password);
        return properties;
    }

    /** Applies one migration, {@code V1__<name>.sql} holding {@code sql}, with core alone (no extensions, no seeds). */
    void applyV1(String name, String sql) {
        try (MigrationFiles files = new MigrationFiles().migration("V1__" + name + ".sql", sql);
                Migrator migrator = Migrator.configure()
                        .url(url)
                        .user(user)
                        .password(password)
                        .locations(files.locations())
                        .seedLocations()
                        .extensions()
                        .load()) {
            migrator.upgradeToHead();
        }
    }

    /** Runs {@code sql} (set-up of a test: schemas, tables). */
    void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The single value {@code sql} returns, as text (null for SQL NULL or no row). */
    String query(String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
