package io.lucidity.migrator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.testing.internal.DatabaseNames;
import io.lucidity.migrator.testing.internal.Fixtures;
import io.lucidity.migrator.testing.internal.Sweeper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Databases left behind by crashed test JVMs are dropped at start; everything else is left alone. */
class SweeperTest {
    private final Fixtures fixtures = Fixtures.get();
    private final String postgres = fixtures.server().maintenanceDatabase();

    @Test
    void dropsTheDatabasesOfAJvmThatIsGoneAndNothingElse() throws Exception {
        DatabaseNames.Owner dead = deadProcessOnThisMachine();
        DatabaseNames.Owner self = DatabaseNames.self();
        DatabaseNames.Owner foreignOld = new DatabaseNames.Owner(
                "0000ab",
                4242,
                Instant.now().minus(Sweeper.FOREIGN_AGE).minusSeconds(3600).getEpochSecond());
        DatabaseNames.Owner foreignRecent =
                new DatabaseNames.Owner("0000ab", 4243, Instant.now().getEpochSecond());

        String leftover = create(DatabaseNames.nameOf(dead, 1));
        String leftoverInUse = create(DatabaseNames.nameOf(dead, 2));
        String kept = create(DatabaseNames.nameOf(dead, 3));
        String mine = create(DatabaseNames.nameOf(self, 1_000_000));
        String oldForeign = create(DatabaseNames.nameOf(foreignOld, 1));
        String recentForeign = create(DatabaseNames.nameOf(foreignRecent, 1));
        String notOurs = create("migt_somebody_elses");
        execute(
                postgres,
                "COMMENT ON DATABASE " + kept + " IS '" + Sweeper.keptMarker(Instant.now(), "SomeTest#failed") + "'");
        try (Connection session = fixtures.server().dataSource(leftoverInUse).getConnection()) {
            assertThat(session.isValid(1))
                    .as("a session keeps %s in use", leftoverInUse)
                    .isTrue();
            List<String> dropped = fixtures.sweeper().sweep();

            assertThat(dropped)
                    .contains(leftover, oldForeign)
                    .doesNotContain(leftoverInUse, kept, mine, recentForeign, notOurs);
            assertThat(exists(leftover)).isFalse();
            assertThat(exists(oldForeign)).isFalse();
            assertThat(exists(leftoverInUse)).isTrue();
            assertThat(exists(kept)).isTrue();
            assertThat(exists(mine)).isTrue();
            assertThat(exists(recentForeign)).isTrue();
        } finally {
            for (String name : List.of(leftoverInUse, kept, mine, recentForeign, notOurs)) {
                fixtures.dropNow(name);
            }
        }
    }

    @Test
    void namesCarryTheCreatingJvm() {
        String name = new DatabaseNames().next();

        assertThat(name).startsWith(DatabaseNames.TEST_PREFIX).hasSizeLessThanOrEqualTo(63);
        assertThat(DatabaseNames.parse(name)).contains(DatabaseNames.self());
        assertThat(DatabaseNames.parse("migtpl_0123456789abcdef01234567")).isEmpty();
        assertThat(DatabaseNames.parse("orders")).isEmpty();
    }

    private static DatabaseNames.Owner deadProcessOnThisMachine() throws Exception {
        Process process = new ProcessBuilder("true").start();
        long pid = process.pid();
        long start =
                process.toHandle().info().startInstant().orElse(Instant.now()).getEpochSecond();
        process.waitFor();
        while (ProcessHandle.of(pid).isPresent()) {
            Thread.sleep(10);
        }
        return new DatabaseNames.Owner(DatabaseNames.self().host(), pid, start);
    }

    private String create(String name) throws SQLException {
        execute(postgres, "CREATE DATABASE \"" + name + "\"");
        return name;
    }

    private boolean exists(String name) throws SQLException {
        try (Connection c = fixtures.server().dataSource(postgres).getConnection();
                var s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void execute(String database, String sql) throws SQLException {
        try (Connection c = fixtures.server().dataSource(database).getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
