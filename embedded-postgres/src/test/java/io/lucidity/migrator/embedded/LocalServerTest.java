package io.lucidity.migrator.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Features of a LOCAL cluster, on one cluster of this class's own (not the shared one). */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LocalServerTest {

    private static EmbeddedPostgres pg;

    @BeforeAll
    static void startCluster() {
        pg = EmbeddedPostgres.builder()
                .provider(EmbeddedPostgres.Provider.LOCAL)
                .setting("work_mem", "8MB")
                .setting("cluster_name", "it's quoted")
                .start();
    }

    @AfterAll
    static void closeCluster() {
        pg.close();
    }

    @Test
    void reportsLocalFacts() {
        assertThat(pg.provider()).isEqualTo(EmbeddedPostgres.Provider.LOCAL);
        assertThat(pg.host()).isEqualTo("127.0.0.1");
        assertThat(pg.user()).isEqualTo("postgres");
        assertThat(pg.password()).hasSize(24).matches("[A-Za-z0-9_-]+");
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres");
        assertThat(pg.dataDirectory().getFileName().toString()).startsWith("migrator-pg-");
        assertThat(pg.binDirectory().resolve("initdb")).isExecutable();
        assertThat(pg.majorVersion()).isGreaterThanOrEqualTo(13);
    }

    @Test
    void serverRunsAsTheUnprivilegedOsUser() throws Exception {
        String expected = OsUser.jvmIsRoot() ? "postgres" : System.getProperty("user.name");
        assertThat(pg.osUser()).isEqualTo(expected);

        Path dataDirectory = Path.of(query("SELECT current_setting('data_directory')"));
        assertThat(Files.getOwner(dataDirectory).getName()).isEqualTo(expected);

        long postmasterPid =
                Long.parseLong(Files.readAllLines(pg.dataDirectory().resolve("postmaster.pid"))
                        .get(0)
                        .trim());
        assertThat(Files.getOwner(Path.of("/proc", Long.toString(postmasterPid)))
                        .getName())
                .isEqualTo(expected);
    }

    @Test
    void builderSettingsAndTestDefaultsAreApplied() throws SQLException {
        assertThat(query("SHOW work_mem")).isEqualTo("8MB");
        assertThat(query("SHOW cluster_name")).isEqualTo("it's quoted");
        assertThat(query("SHOW fsync")).isEqualTo("off");
        assertThat(query("SHOW wal_level")).isEqualTo("replica");
        assertThat(query("SHOW max_connections")).isEqualTo("200");
        assertThat(query("SHOW listen_addresses")).isEqualTo("127.0.0.1");
        assertThat(query("SHOW unix_socket_directories"))
                .isEqualTo(pg.dataDirectory().toString());
    }

    @Test
    void runBinaryRunsClientToolsAgainstThisServer() {
        ProcessResult result = pg.runBinary(List.of("psql", "-XtAc", "SELECT current_user"));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout().trim()).isEqualTo("postgres");

        ProcessResult whoami = pg.runBinary(List.of("psql", "-XtAc", "\\! id -un"));
        assertThat(whoami.stdout().trim()).isEqualTo(pg.osUser());

        assertThatThrownBy(() -> pg.runBinary(List.of("no_such_binary")))
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("no_such_binary");
    }

    @Test
    void hotStandbyFromPgBasebackupRuns() throws Exception {
        Path standby = Path.of(System.getProperty("java.io.tmpdir"), "migrator-standby-" + UUID.randomUUID());
        int standbyPort = freePort();
        try {
            ProcessResult backup = pg.runBinary(
                    List.of("pg_basebackup", "-D", standby.toString(), "-R", "-X", "stream", "-c", "fast"));
            assertThat(backup.exitCode()).as(backup.stderr()).isZero();
            assertThat(standby.resolve("standby.signal")).exists();

            ProcessResult start = pg.runBinary(List.of(
                    "pg_ctl",
                    "-D",
                    standby.toString(),
                    "-l",
                    standby.resolve("standby.log").toString(),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    "-p " + standbyPort + " -c unix_socket_directories=" + standby,
                    "start"));
            assertThat(start.exitCode()).as(start.stderr() + start.stdout()).isZero();

            String url = "jdbc:postgresql://127.0.0.1:" + standbyPort + "/postgres";
            try (Connection connection = java.sql.DriverManager.getConnection(url, pg.user(), pg.password());
                    Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isTrue();
            }
        } finally {
            pg.runBinary(List.of("pg_ctl", "-D", standby.toString(), "-w", "stop", "-m", "immediate"));
            LocalCluster.deleteRecursively(standby);
        }
        assertThat(standby).doesNotExist();
    }

    private static String query(String sql) throws SQLException {
        try (Connection connection = pg.connect("postgres");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
