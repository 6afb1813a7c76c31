package io.lucidity.migrator.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.testing.MigratedDatabase.Scope;
import io.lucidity.migrator.testsupport.ChildJvm;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A template build does not print Migrator's "Applying V..." lines at INFO (each test run would repeat them);
 * a normal upgrade in the same JVM still does. Runs in a child JVM whose log level is INFO for every logger, as a
 * user's test JVM would be (this module's own tests run Migrator's internals at WARN).
 */
class QuietTemplateBuildTest {

    @Test
    void aTemplateBuildLogsNoApplyingLineAtInfoWhileANormalUpgradeStillDoes() throws Exception {
        ChildJvm.Finished result = ChildJvm.of(Main.class)
                .inheritEnvironment()
                .options("-Dorg.slf4j.simpleLogger.defaultLogLevel=info")
                .mergeOutput()
                .run(Duration.ofMinutes(2));

        String output = result.output();
        assertThat(result.exitCode()).as(output).isZero();
        int marker = output.indexOf("NORMAL UPGRADE");
        assertThat(marker).as(output).isPositive();
        String templateBuild = output.substring(0, marker);
        String normalUpgrade = output.substring(marker);
        assertThat(templateBuild)
                .as("the template build's output")
                .contains("Building template")
                .doesNotContain("Applying")
                .doesNotContain("Seeding");
        assertThat(normalUpgrade)
                .as("a normal upgrade's output")
                .containsPattern("INFO io\\.lucidity\\.migrator\\.internal\\.migrate\\.Executor - \\[migrator\\] "
                        + "Applying V1");
    }

    /** The child: builds a template of migrations no other run has, then upgrades an empty database normally. */
    public static final class Main {
        public static void main(String[] args) {
            try (MigrationFiles files = new MigrationFiles()) {
                String unique = UUID.randomUUID().toString();
                files.migration("V1__first.sql", "CREATE TABLE first (id int); -- " + unique)
                        .migration("V2__second.sql", "CREATE TABLE second (id int);")
                        .seed("S1__rows.sql", "INSERT INTO first VALUES (1) ON CONFLICT DO NOTHING;");
                FixtureOptions options = new FixtureOptions(
                        List.of(files.locations()),
                        List.of(files.seeds()),
                        List.of(),
                        "public",
                        "head",
                        Map.of(),
                        Scope.PER_METHOD,
                        false,
                        5,
                        true,
                        null);
                Fixtures fixtures = Fixtures.get();
                fixtures.template(options);
                System.err.flush();
                System.out.println("NORMAL UPGRADE");
                System.out.flush();
                TestDatabase db = fixtures.createEmpty(options);
                try (Migrator migrator = options.configure(db.dataSource()).load()) {
                    migrator.upgradeToHead();
                }
                fixtures.release(db, false, "normal upgrade");
            }
        }
    }
}
