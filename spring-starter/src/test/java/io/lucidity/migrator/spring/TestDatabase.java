package io.lucidity.migrator.spring;

import io.lucidity.migrator.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A fresh database on the JVM's throwaway PostgreSQL server (pgvector installed), for one test class or test. */
record TestDatabase(EmbeddedPostgres server, String name) {

    static TestDatabase create() {
        EmbeddedPostgres server = EmbeddedPostgres.shared();
        return new TestDatabase(server, server.createDatabase());
    }

    String url() {
        return server.jdbcUrl(name);
    }

    /** {@code spring.datasource.*} properties for this database. */
    String[] dataSourceProperties() {
        return new String[] {"spring.datasource.url=" + url(), "spring.datasource.username=" + server.user(),
                "spring.datasource.password=" + server.password()};
    }

    long count(String sql) {
        try (Connection c = server.connect(name); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    void execute(String sql) {
        try (Connection c = server.connect(name); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
