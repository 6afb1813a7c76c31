package io.lucidity.migrator.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SharedServerTest {

    private final EmbeddedPostgres pg = EmbeddedPostgres.shared();

    @Test
    void sharedIsOneServerPerJvm() {
        assertThat(EmbeddedPostgres.shared()).isSameAs(pg);
        assertThat(pg.provider()).isIn(EmbeddedPostgres.Provider.LOCAL, EmbeddedPostgres.Provider.EXTERNAL);
    }

    @Test
    void pgvectorWorksInACreatedDatabase() throws SQLException {
        String db = pg.createDatabase();
        try (Connection connection = pg.connect(db);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION vector");
            try (ResultSet rs = statement.executeQuery("SELECT '[1,2,3]'::vector::text")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("[1,2,3]");
            }
        } finally {
            pg.dropDatabase(db);
        }
    }

    @Test
    void createDatabaseFromEightThreadsGivesEightDistinctUsableDatabases() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(createAndUse(go)));
            }
            go.countDown();
            Set<String> names = new HashSet<>();
            for (Future<String> future : futures) {
                names.add(future.get(2, TimeUnit.MINUTES));
            }
            assertThat(names).hasSize(threads).allMatch(name -> name.startsWith("mig_"));
            names.forEach(pg::dropDatabase);
        } finally {
            pool.shutdownNow();
        }
    }

    private Callable<String> createAndUse(CountDownLatch go) {
        return () -> {
            go.await();
            String db = pg.createDatabase();
            try (Connection connection = pg.connect(db);
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE t (id int)");
                statement.execute("INSERT INTO t VALUES (1)");
                try (ResultSet rs = statement.executeQuery("SELECT current_database(), count(*) FROM t")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo(db);
                    assertThat(rs.getInt(2)).isEqualTo(1);
                }
            }
            return db;
        };
    }

    @Test
    @SuppressWarnings("try") // stillOpen is held open on purpose: the drop must disconnect it
    void createDatabaseWithNameAndDropIt() throws SQLException {
        String name = "mig_Named \"quoted\" db";
        assertThat(pg.createDatabase(name)).isEqualTo(name);
        try (Connection connection = pg.dataSource(name).getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_database()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(name);
        }
        try (Connection stillOpen = pg.connect(name)) {
            pg.dropDatabase(name); // WITH (FORCE) disconnects it
            assertThat(databaseExists(name)).isFalse();
        }
        pg.dropDatabase(name); // IF EXISTS
    }

    @Test
    void createDatabaseRefusesAnExistingName() {
        String db = pg.createDatabase();
        try {
            assertThatThrownBy(() -> pg.createDatabase(db))
                    .isInstanceOf(EmbeddedPostgresException.class)
                    .hasMessageContaining(db);
        } finally {
            pg.dropDatabase(db);
        }
    }

    @Test
    void reportsVersionAndUrlsWithoutCredentials() throws SQLException {
        assertThat(pg.serverVersion()).matches("\\d+(\\.\\d+)*(beta\\d+|rc\\d+|devel)?");
        assertThat(pg.serverVersion()).startsWith(pg.majorVersion() + ".");
        assertThat(pg.majorVersion()).isGreaterThanOrEqualTo(13);
        assertThat(pg.jdbcUrl("x")).startsWith("jdbc:postgresql://").contains("/x");
        if (pg.password() != null) {
            assertThat(pg.jdbcUrl()).doesNotContain(pg.password());
            assertThat(pg.toString()).doesNotContain(pg.password());
        }
        try (Connection connection = pg.connect(databaseOf(pg));
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_user, inet_server_port()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(pg.user());
            assertThat(rs.getInt(2)).isEqualTo(pg.port());
        }
    }

    @Test
    void closeOnTheSharedServerDoesNothing() throws SQLException {
        pg.close();
        try (Connection connection = pg.connect(databaseOf(pg))) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    private static String databaseOf(EmbeddedPostgres server) {
        String url = server.jdbcUrl();
        String path = url.substring(url.indexOf('/', "jdbc:postgresql://".length()) + 1);
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    private boolean databaseExists(String name) throws SQLException {
        try (Connection connection = pg.connect(databaseOf(pg));
                var statement = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }
}
