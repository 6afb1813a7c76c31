package io.lucidity.migrator.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** restart/stop/start/close, each on a cluster of its own. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LocalLifecycleTest {

    private static EmbeddedPostgres startLocal() {
        return EmbeddedPostgres.builder()
                .provider(EmbeddedPostgres.Provider.LOCAL)
                .start();
    }

    @Test
    void restartAndStopStartKeepDataAndPort() throws SQLException {
        try (EmbeddedPostgres pg = startLocal()) {
            String db = pg.createDatabase();
            execute(pg, db, "CREATE TABLE kept (v text)", "INSERT INTO kept VALUES ('still here')");
            int port = pg.port();

            pg.restart();
            assertThat(pg.port()).isEqualTo(port);
            assertThat(readKept(pg, db)).isEqualTo("still here");

            pg.stop();
            assertThatThrownBy(() -> pg.connect(db)).isInstanceOf(SQLException.class);
            pg.start();
            assertThat(readKept(pg, db)).isEqualTo("still here");
        }
    }

    @Test
    void closeStopsTheServerAndDeletesTheDataDirectory() {
        EmbeddedPostgres pg = startLocal();
        Path dataDirectory = pg.dataDirectory();
        String db = pg.createDatabase();
        assertThat(dataDirectory).isDirectory();

        pg.close();

        assertThat(dataDirectory).doesNotExist();
        assertThatThrownBy(() -> pg.connect(db)).isInstanceOf(SQLException.class);
        pg.close(); // idempotent
        assertThatThrownBy(pg::restart).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> pg.runBinary(List.of("psql"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeAfterStopStillDeletesTheDataDirectory() {
        EmbeddedPostgres pg = startLocal();
        Path dataDirectory = pg.dataDirectory();
        pg.stop();
        pg.close();
        assertThat(dataDirectory).doesNotExist();
    }

    private static void execute(EmbeddedPostgres pg, String db, String... sql) throws SQLException {
        try (Connection connection = pg.connect(db);
                Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    private static String readKept(EmbeddedPostgres pg, String db) throws SQLException {
        try (Connection connection = pg.connect(db);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT v FROM kept")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
