package io.lucidity.migrator.testing.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lucidity.migrator.testing.JdbcUrl;
import io.lucidity.migrator.testing.MigratedDatabase;
import io.lucidity.migrator.testing.MigratedDb;
import io.lucidity.migrator.testing.MigrationChecks;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

// The example of docs/testing.md, verbatim but for the package: keep the two in step (README.md shows part of it).
@MigratedDatabase(locations = "classpath:db/migration", seeds = "classpath:db/seed")
class UserRepositoryTest {

    private DataSource dataSource; // set before each test, like the parameters below

    @Test
    void theSeededAdminIsThere() throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT role FROM users WHERE email = 'admin@example.com'")) {
            assertTrue(rs.next());
            assertEquals("admin", rs.getString("role"));
        }
    }

    @Test
    void eachTestStartsFromAFreshCopy(MigratedDb db) {
        db.execute("INSERT INTO users (email, password_hash) VALUES (?, ?)", "new@example.com", "x");
        assertEquals(2L, db.query("SELECT count(*) AS n FROM users").get(0).get("n"));
    }

    @Test
    void codeConfiguredByUrlGetsOne(@JdbcUrl(withCredentials = true) String url, Connection connection)
            throws Exception {
        try (Connection byUrl = DriverManager.getConnection(url)) {
            assertEquals(connection.getCatalog(), byUrl.getCatalog()); // the same database
        }
    }

    @Test
    void migrationsAndSeedsPassTheBuiltInChecks() {
        MigrationChecks.forLocations("classpath:db/migration")
                .seeds("classpath:db/seed")
                .assertAll();
    }
}
