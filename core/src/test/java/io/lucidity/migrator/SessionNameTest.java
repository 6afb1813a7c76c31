package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** On the application's pooled DataSource, Migrator's session carries Migrator's name, and the pool's comes back. */
class SessionNameTest {
    private final TestDb db = new TestDb();
    private final MigrationFiles dir = new MigrationFiles();

    @AfterEach
    void cleanUp() {
        db.close();
        dir.close();
    }

    @Test
    void migratorNamesThePooledSessionWhileItMigratesAndPutsTheApplicationsNameBack() throws Exception {
        dir.migration("V1__slow.sql", "CREATE TABLE t (id int);\nSELECT pg_sleep(2);");
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(db.url());
        hikari.setUsername(TestServer.shared().user());
        hikari.setPassword(TestServer.shared().password());
        hikari.setMaximumPoolSize(2);
        hikari.addDataSourceProperty("ApplicationName", "shop-app");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (HikariDataSource shop = new HikariDataSource(hikari);
                Migrator migrator = TestDb.extensions(Migrator.configure()
                                .dataSource(shop)
                                .locations(dir.locations())
                                .seedLocations(dir.seeds())
                                .applicationName("shop-migrator"))
                        .load();
                Migrator second = db.configure(dir)
                        .applicationName("second-instance")
                        .lockTimeout(Duration.ofMillis(500))
                        .load()) {
            Future<UpgradeReport> upgrade = pool.submit(migrator::upgradeToHead);
            String seen = waitForTheSleep();
            assertThat(seen).isEqualTo("shop-migrator");
            assertThatThrownBy(second::upgradeToHead)
                    .isInstanceOfSatisfying(
                            LockTimeoutException.class,
                            e -> assertThat(e.facts()).containsEntry("holder application", "shop-migrator"));
            assertThat(upgrade.get(30, TimeUnit.SECONDS).toRevision()).isEqualTo("1");
            try (Connection one = shop.getConnection();
                    Connection two = shop.getConnection()) {
                for (Connection c : new Connection[] {one, two}) { // every session of the pool
                    try (Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery(
                                    "SELECT current_setting('application_name'), current_setting('search_path'), "
                                            + "(SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid())")) {
                        rs.next();
                        assertThat(rs.getString(1)).isEqualTo("shop-app");
                        assertThat(rs.getString(2)).isEqualTo("\"$user\", public");
                        assertThat(rs.getString(3)).isEqualTo("shop-app");
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The application_name of the session running the slow migration, as another session sees it. */
    private String waitForTheSleep() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String name = db.value("SELECT application_name FROM pg_stat_activity "
                    + "WHERE query LIKE '%pg_sleep(2)%' AND pid <> pg_backend_pid()");
            if (name != null) {
                return name;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the slow migration never ran");
    }
}
