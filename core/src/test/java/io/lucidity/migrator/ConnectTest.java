package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lucidity.migrator.embedded.EmbeddedPostgres;
import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Connecting: bad credentials and a missing database fail at once; an unreachable server is retried with
 * backoff until connect-timeout, and a server that comes up meanwhile is used.
 */
class ConnectTest {
    private TestDb db;
    private MigrationFiles dir;

    @BeforeEach
    void setUp() {
        db = new TestDb();
        dir = new MigrationFiles().migration("V1__t.sql", "CREATE TABLE t (id int PRIMARY KEY);");
    }

    @AfterEach
    void tearDown() {
        dir.close();
        db.close();
    }

    @Test
    void aWrongPasswordFailsAtOnceWithoutRetrying() {
        long start = System.nanoTime();
        ConnectionException e;
        try (Migrator migrator = db.configure(dir)
                .password("Wrong-pw-c0ffee")
                .connectTimeout(Duration.ofSeconds(30))
                .load()) {
            e = catchThrowableOfType(ConnectionException.class, migrator::upgradeToHead);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e.code()).isEqualTo(DiagnosticCode.AUTHENTICATION_FAILED);
        assertThat(took).as("no 30 s of retries").isLessThan(Duration.ofSeconds(10));
        assertThat(e.getMessage()).startsWith("MIGRATOR-AUTH").doesNotContain("Wrong-pw-c0ffee");
        assertThat(e.facts())
                .containsEntry("url", db.url())
                .containsEntry("attempts", "1")
                .containsEntry("SQLState", "28P01");
        assertThat(e.facts().get("error")).contains("password authentication failed");
        assertThat(e.remedy()).contains("password(..)", "pg_hba.conf");
        assertThat(e.code().exitCode()).isEqualTo(5);
    }

    @Test
    void noPasswordAtAllFailsAtOnceAsAuthenticationNotAsAnUnreachableServer() {
        long start = System.nanoTime();
        ConnectionException e;
        try (Migrator migrator = Migrator.configure()
                .url(db.url())
                .user(TestServer.shared().user())
                .locations(dir.locations())
                .seedLocations()
                .connectTimeout(Duration.ofSeconds(30))
                .load()) {
            e = catchThrowableOfType(ConnectionException.class, migrator::upgradeToHead);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e.code()).isEqualTo(DiagnosticCode.AUTHENTICATION_FAILED);
        assertThat(took).as("no 30 s of retries").isLessThan(Duration.ofSeconds(10));
        assertThat(e.getMessage()).startsWith("MIGRATOR-AUTH");
        assertThat(e.facts()).containsEntry("attempts", "1").containsEntry("SQLState", "08004");
        assertThat(e.facts().get("error")).contains("no password was provided");
    }

    @Test
    void migrationUserWithoutMigrationUrlRunsTheDdlAsThatUserOnTheMainUrl() throws java.sql.SQLException {
        String suffix = java.util.UUID.randomUUID().toString().substring(0, 8);
        String appRole = "app_" + suffix;
        String ownerRole = "owner_" + suffix;
        String appPassword = "App-pw-" + suffix;
        String ownerPassword = "Owner-pw-" + suffix;
        db.execute("CREATE ROLE " + appRole + " LOGIN PASSWORD '" + appPassword + "'; CREATE ROLE " + ownerRole
                + " LOGIN PASSWORD '" + ownerPassword + "'");
        try {
            db.execute("GRANT CREATE ON DATABASE " + db.name() + " TO " + ownerRole + "; ALTER SCHEMA public OWNER TO "
                    + ownerRole);
            MigratorConfig.Builder config = Migrator.configure()
                    .url(db.url())
                    .user(appRole)
                    .password(appPassword)
                    .migrationUser(ownerRole)
                    .migrationPassword(ownerPassword)
                    .locations(dir.locations())
                    .seedLocations()
                    .extensions();

            try (Migrator migrator = config.load()) {
                assertThat(migrator.upgradeToHead().migrations()).hasSize(1);
                assertThat(migrator.upgradeToHead().upToDate()).isTrue();
            }

            assertThat(db.value("SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 't'"))
                    .isEqualTo(ownerRole);
            assertThat(db.value("SELECT tableowner FROM pg_tables WHERE tablename = 'flyway_schema_history'"))
                    .isEqualTo(ownerRole);
            assertThat(db.column("SELECT DISTINCT installed_by FROM flyway_schema_history"))
                    .containsExactly(ownerRole);
        } finally {
            db.close();
            try (TestDb other = new TestDb()) {
                other.execute("DROP ROLE IF EXISTS " + appRole + "; DROP ROLE IF EXISTS " + ownerRole);
            }
        }
    }

    @Test
    void aWrongPasswordOfTheApplicationsDataSourceFailsAtOnceToo() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(db.url());
        ds.setUser(TestServer.shared().user());
        ds.setPassword("Wrong-ds-pw-c0ffee");

        long start = System.nanoTime();
        ConnectionException e;
        try (Migrator migrator = TestDb.extensions(Migrator.configure()
                        .dataSource(ds)
                        .locations(dir.locations())
                        .seedLocations())
                .load()) {
            e = catchThrowableOfType(ConnectionException.class, migrator::upgradeToHead);
        }

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(e.code()).isEqualTo(DiagnosticCode.AUTHENTICATION_FAILED);
        assertThat(e.facts()).containsEntry("url", "the application's DataSource");
    }

    @Test
    void aDatabaseThatDoesNotExistFailsAtOnceNamingIt() {
        String url = TestServer.shared().jdbcUrl("no_such_database_4711");
        long start = System.nanoTime();
        ConnectionException e;
        try (Migrator migrator = Migrator.configure()
                .url(url)
                .user(TestServer.shared().user())
                .password(TestServer.shared().password())
                .locations(dir.locations())
                .seedLocations()
                .load()) {
            e = catchThrowableOfType(ConnectionException.class, migrator::upgradeToHead);
        }

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(e.code()).isEqualTo(DiagnosticCode.DATABASE_NOT_FOUND);
        assertThat(e.getMessage()).startsWith("MIGRATOR-NO-DATABASE").contains("no_such_database_4711");
        assertThat(e.facts()).containsEntry("url", url).containsEntry("SQLState", "3D000");
        assertThat(e.remedy()).contains("CREATE DATABASE");
    }

    @Test
    void anUnreachableServerIsRetriedUntilConnectTimeoutAndNamedWithoutItsPassword() throws IOException {
        int port = freePort();
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/app?user=app&password=Url-pw-c0ffee";

        long start = System.nanoTime();
        ConnectionException e;
        try (Migrator migrator = Migrator.configure()
                .url(url)
                .password("Builder-pw-c0ffee")
                .connectTimeout(Duration.ofSeconds(2))
                .locations(dir.locations())
                .seedLocations()
                .load()) {
            e = catchThrowableOfType(ConnectionException.class, migrator::upgradeToHead);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e.code()).isEqualTo(DiagnosticCode.CONNECTION_FAILED);
        assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(15));
        assertThat(e.getMessage())
                .startsWith("MIGRATOR-CONNECT: Cannot connect to the database after")
                .doesNotContain("Url-pw-c0ffee", "Builder-pw-c0ffee");
        assertThat(e.facts().get("url"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/app?user=app&password=<masked>");
        assertThat(Integer.parseInt(e.facts().get("attempts"))).isGreaterThanOrEqualTo(2);
        assertThat(e.facts().get("SQLState")).startsWith("08");
        assertThat(e.remedy()).contains("pg_isready", "raise connectTimeout(..)");
        assertThat(e.code().exitCode()).isEqualTo(5);
    }

    @Test
    void aServerThatStartsLateIsWaitedFor() throws Exception {
        try (EmbeddedPostgres server = TestServer.checked(
                TestServer.builder().provider(EmbeddedPostgres.Provider.LOCAL).start())) {
            String database = server.createDatabase();
            server.stop();

            long start = System.nanoTime();
            CompletableFuture<UpgradeReport> upgrade = CompletableFuture.supplyAsync(() -> {
                try (Migrator migrator = TestDb.extensions(Migrator.configure()
                                .url(server.jdbcUrl(database))
                                .user(server.user())
                                .password(server.password())
                                .connectTimeout(Duration.ofSeconds(30))
                                .locations(dir.locations())
                                .seedLocations())
                        .load()) {
                    return migrator.upgradeToHead();
                }
            });
            Thread.sleep(3000);
            assertThat(upgrade).as("still retrying while the server is down").isNotDone();
            server.start();

            UpgradeReport report = upgrade.get(60, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
            assertThat(report.migrations())
                    .extracting(AppliedMigration::version)
                    .containsExactly("1");
            if (TestServer.vector()) {
                assertThat(report.extensions())
                        .extracting(ExtensionResult::action)
                        .containsExactly(ExtensionResult.Action.CREATED);
            } else {
                assertThat(report.extensions()).isEmpty();
            }
            try (var c = server.connect(database);
                    var s = c.createStatement();
                    var rs = s.executeQuery(
                            "SELECT count(*) FROM flyway_schema_history WHERE version = '1' AND success")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
