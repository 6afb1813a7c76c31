package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.embedded.EmbeddedPostgres;
import io.lucidity.migrator.support.CapturedOutput;
import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A rollout of three instances on a fresh database, on a server of its own whose log the test reads: operators
 * alert on server ERRORs, so a normal rollout must write none; and the instances that waited say so.
 */
class QuietRolloutTest {
    private static EmbeddedPostgres server;

    @BeforeAll
    static void start() {
        server = TestServer.builder().provider(EmbeddedPostgres.Provider.LOCAL).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void threeInstancesOnAFreshDatabaseWriteNoErrorToTheServerLogAndTheWaitersReportWhomTheyWaitedFor()
            throws Exception {
        String database = server.createDatabase();
        Path log = server.dataDirectory().resolve("server.log");
        long logStart = Files.size(log);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Migrator> migrators = new ArrayList<>();
        try (MigrationFiles dir = new MigrationFiles();
                CapturedOutput output = CapturedOutput.start()) {
            dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
            dir.migration("V2__slow.sql", "SELECT pg_sleep(1);");
            CountDownLatch go = new CountDownLatch(1);
            List<Future<UpgradeReport>> reports = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Migrator m = TestDb.extensions(Migrator.configure()
                                .url(server.jdbcUrl(database))
                                .user(server.user())
                                .password(server.password())
                                .locations(dir.locations())
                                .seedLocations(dir.seeds())
                                .applicationName("instance-" + i))
                        .load();
                migrators.add(m);
                reports.add(pool.submit(() -> {
                    go.await();
                    return m.upgradeToHead();
                }));
            }
            go.countDown();
            String[] holder = holderOfTheSleep(database);
            List<UpgradeReport> done = new ArrayList<>();
            for (Future<UpgradeReport> f : reports) {
                done.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(done).extracting(UpgradeReport::toRevision).containsOnly("2");
            assertThat(done)
                    .filteredOn(r -> !r.upToDate())
                    .hasSize(1)
                    .allSatisfy(r -> assertThat(r.migrations()).hasSize(2));
            List<UpgradeReport> waiters =
                    done.stream().filter(UpgradeReport::upToDate).toList();
            assertThat(waiters).hasSize(2).allSatisfy(r -> {
                assertThat(r.lockWait().toMillis()).isGreaterThan(300);
                assertThat(r.lockHolder()).isNotNull();
                assertThat(r.lockHolder().pid()).isEqualTo(Integer.parseInt(holder[0]));
                assertThat(r.lockHolder().applicationName()).isEqualTo(holder[1]);
                assertThat(r.summary())
                        .contains("waited " + r.lockWait().toMillis() + " ms for the migration lock held by pid "
                                + holder[0] + " (application '" + holder[1]
                                + "'), then found the database at revision 2");
                assertThat(r.summary()).doesNotContain("without taking the migration lock");
                assertThat(output.text()).contains(r.summary());
                assertThat(r.toJson())
                        .contains(
                                "\"lockHolder\":{\"pid\":" + holder[0] + ",\"applicationName\":\"" + holder[1] + "\"");
            });
        } finally {
            pool.shutdownNow();
            migrators.forEach(Migrator::close);
        }
        String written = readFrom(log, logStart);
        assertThat(written.lines().filter(l -> l.contains("ERROR:") || l.contains("FATAL:")))
                .as("server log during the rollout:%n%s", written)
                .isEmpty();
        server.dropDatabase(database);
    }

    /** The pid and application name of the session running the slow migration. */
    private static String[] holderOfTheSleep(String database) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (Connection c = server.connect(database);
                Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT pid, application_name FROM pg_stat_activity "
                        + "WHERE query LIKE 'SELECT pg_sleep(1)%' AND pid <> pg_backend_pid()")) {
                    if (rs.next()) {
                        return new String[] {rs.getString(1), rs.getString(2)};
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the slow migration never ran");
    }

    private static String readFrom(Path log, long offset) throws Exception {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8);
    }
}
