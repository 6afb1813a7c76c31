package io.lucidity.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lucidity.migrator.cli.support.Cli;
import io.lucidity.migrator.cli.support.Run;
import io.lucidity.migrator.cli.support.TestDatabase;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code stamp REV}: forward and back, with the resulting {@code current} and {@code history}. */
class StampIT {
    private final TestDatabase db = new TestDatabase();
    private final Cli cli = db.cli()
            .env(new MigrationFiles()
                    .migration("V1__create_a.sql", "CREATE TABLE a (id int);")
                    .migration("V2__create_b.sql", "CREATE TABLE b (id int);")
                    .migration("V3__create_c.sql", "CREATE TABLE c (id int);")
                    .env());

    /** version → state, from {@code history --json}. */
    private Map<String, String> states() {
        Map<String, String> states = new LinkedHashMap<>();
        for (JsonNode m : cli.run("history", "--json").ok().json().get("migrations")) {
            states.put(m.get("version").asText(), m.get("state").asText());
        }
        return states;
    }

    @Test
    void stampForwardRecordsMigrationsWithoutRunningThem() throws Exception {
        Run stamp = cli.run("stamp", "2").ok();

        assertThat(stamp.lines())
                .contains("Stamped base -> 2", "  recorded as applied: 1, 2", "  removed:             none");
        assertThat(db.exists("a")).isFalse();
        assertThat(cli.run("current").ok().stdout()).isEqualTo("2\n");
        assertThat(states())
                .containsExactly(Map.entry("1", "STAMPED"), Map.entry("2", "STAMPED"), Map.entry("3", "PENDING"));

        Run upgrade = cli.run("upgrade").ok();

        assertThat(upgrade.stdout()).contains("from 2 to 3: 1 migration(s) applied");
        assertThat(db.exists("c")).isTrue();
        assertThat(db.exists("a")).isFalse();
        assertThat(states()).containsEntry("3", "APPLIED");
    }

    @Test
    void stampBackRemovesTheRowsAboveAndForwardRecordsThemAgain() {
        cli.run("upgrade").ok();

        Run back = cli.run("stamp", "1").ok();

        assertThat(back.lines()).contains("Stamped 3 -> 1", "  removed:             2, 3");
        assertThat(cli.run("current").ok().stdout()).isEqualTo("1\n");
        assertThat(states())
                .containsExactly(Map.entry("1", "APPLIED"), Map.entry("2", "PENDING"), Map.entry("3", "PENDING"));

        Run forward = cli.run("stamp", "head").ok();

        assertThat(forward.lines()).contains("Stamped 1 -> 3", "  recorded as applied: 2, 3");
        assertThat(cli.run("current").ok().stdout()).isEqualTo("3\n");
        assertThat(states())
                .containsExactly(Map.entry("1", "APPLIED"), Map.entry("2", "STAMPED"), Map.entry("3", "STAMPED"));
        assertThat(cli.run("upgrade").ok().stdout()).contains("is up to date at revision 3");
    }

    @Test
    void stampPurgeEmptiesTheHistoryFirst() {
        cli.run("upgrade").ok();

        Run purge = cli.run("stamp", "base", "--purge").ok();

        assertThat(purge.lines()).contains("Stamped 3 -> base (history purged first)");
        assertThat(cli.run("current").ok().stdout()).isEqualTo("base\n");
        assertThat(states().values()).containsOnly("PENDING");
    }

    @Test
    void stampRefusesAnUnknownRevisionListingTheKnownOnes() {
        cli.run("upgrade", "--target", "1").ok();

        Run stamp = cli.run("stamp", "9");

        assertThat(stamp.exitCode()).as("%s", stamp).isEqualTo(2);
        assertThat(stamp.stderr()).contains("MIGRATOR-UNKNOWN-REVISION", "known revisions: base, 1, 2, 3, head");
        assertThat(cli.run("current").ok().stdout()).isEqualTo("1\n");
    }
}
