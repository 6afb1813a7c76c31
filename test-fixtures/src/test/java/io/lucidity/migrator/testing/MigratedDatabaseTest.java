package io.lucidity.migrator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.testing.internal.Fixtures;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The example backend's schema (classpath:db/migration and db/seed, the annotation's defaults), per test method. */
@MigratedDatabase
class MigratedDatabaseTest {
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    private DataSource dataSource;
    private MigratedDb db;

    @JdbcUrl
    private String url;

    private Connection connection;

    @BeforeEach
    void fieldsAreSetBeforeBeforeEachMethods() {
        assertThat(dataSource).isNotNull();
        assertThat(db).isNotNull();
        assertThat(url).isEqualTo(db.jdbcUrl());
        assertThat(connection).isNotNull();
    }

    @RepeatedTest(3)
    void eachTestStartsFromTheSeededSchemaAndItsChangesAreGoneForTheNext() throws SQLException {
        assertThat(SEEN.add(db.name())).as("a database of its own").isTrue();
        try (Statement s = connection.createStatement()) {
            assertThat(count(s, "SELECT count(*) FROM users"))
                    .as("only the seeded admin")
                    .isEqualTo(1);
            assertThat(count(s, "SELECT count(*) FROM pipeline_stages")).isEqualTo(6);
            s.execute("INSERT INTO users (email, password_hash) VALUES ('someone@example.com', 'x')");
            s.execute("DELETE FROM pipeline_stages WHERE name = 'failed'");
            assertThat(count(s, "SELECT count(*) FROM users")).isEqualTo(2);
        }
    }

    @Test
    void parametersReceiveTheSameDatabaseAsTheFields(
            DataSource ds,
            Connection c,
            MigratedDb handle,
            @JdbcUrl String jdbcUrl,
            @JdbcUrl(withCredentials = true) String withCredentials)
            throws SQLException {
        SEEN.add(handle.name());
        assertThat(handle).isSameAs(db);
        assertThat(ds).isSameAs(dataSource);
        assertThat(jdbcUrl).isEqualTo(url).endsWith("/" + handle.name()).doesNotContain("password");
        assertThat(withCredentials).startsWith(jdbcUrl).contains("user=" + handle.user());
        assertThat(c.getCatalog()).isEqualTo(handle.name());
        try (Connection byUrl = java.sql.DriverManager.getConnection(withCredentials)) {
            assertThat(byUrl.getCatalog()).isEqualTo(handle.name());
        }
    }

    @Test
    void theHandleMigratesQueriesAndDescribesTheDatabase() {
        SEEN.add(db.name());
        assertThat(db.currentRevision()).isEqualTo("7");
        assertThat(db.query("SELECT email, role FROM users"))
                .containsExactly(Map.of("email", "admin@example.com", "role", "admin"));
        assertThat(db.execute("UPDATE users SET role = ? WHERE email = ?", "viewer", "admin@example.com"))
                .isEqualTo(1);
        assertThat(db.schema().objects())
                .containsKey("column public.documents.language")
                .doesNotContainKey("table public.flyway_schema_history");
        assertThat(db.migrator().history()).hasSize(7);
    }

    @Nested
    class InANestedClass {
        @Test
        void testsGetTheirOwnDatabaseFromTheEnclosingClassAnnotation(MigratedDb nested) {
            assertThat(SEEN.add(nested.name())).isTrue();
            assertThat(nested).as("the enclosing instance's field too").isSameAs(db);
            assertThat(nested.query("SELECT count(*) AS n FROM users").get(0).get("n"))
                    .isEqualTo(1L);
        }
    }

    @AfterAll
    static void everyDatabaseIsDroppedAfterItsTest() throws SQLException {
        Fixtures fixtures = Fixtures.get();
        fixtures.awaitBackground();
        try (Connection c = fixtures.server()
                        .dataSource(fixtures.server().maintenanceDatabase())
                        .getConnection();
                Statement s = c.createStatement()) {
            for (String name : SEEN) {
                assertThat(count(s, "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'"))
                        .as("%s dropped", name)
                        .isZero();
            }
        }
        assertThat(SEEN).hasSize(6);
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
