package io.lucidity.migrator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet benchmark's harness at a small scale, on a real throwaway server: all three works run and every check
 * passes (each tenant's history holds each migration once, its seed rows, three processes sharing one fleet). No
 * timing is asserted: that is what the real run is for.
 */
class FleetBenchTest {

    @Test
    void aSmallFleetRunsEveryWorkAndEveryCheckPasses() throws Exception {
        FleetBench.Result result = FleetBench.run(
                new String[] {"--tenants", "3", "--reps", "1", "--warm-up", "0", "--fsync", "off", "--docs", "none"});

        assertThat(result.failures()).isEmpty();
        assertThat(result.markdown())
                .contains("| F1 from empty: 3 schema tenants, 20 migrations + 1 seed each | 3 x 20+1 | "
                        + "Migrator upgradeFleet() P=1 |")
                .contains("| Migrator upgradeFleet() P=4 |")
                .contains("| Flyway 13.12.1 loop (one Flyway per schema) |")
                .contains("| Flyway 13.12.1 loop (one Flyway per schema): validate() |")
                .contains("| F3 3 processes started together (P=4 each) | 3 x 20+1 | process 3 of 3 |")
                .contains("| F3 3 processes: every tenant migrated exactly once | 1.00 (1 = yes) | >= 1.0 | met |")
                .contains("every tenant's 20 migrations exactly once: yes")
                .doesNotContain("CHECK FAILED");
    }

    @Test
    void theGeneratedFleetIsTheSameChangeForBothTools(@TempDir Path dir) throws Exception {
        FleetSet set = FleetSet.write(dir);

        for (int v = 1; v <= FleetSet.count(); v++) {
            String name = FleetSet.fileName(v);
            assertThat(Files.readString(set.flyway().resolve(name)))
                    .isEqualTo(Files.readString(set.migratorSql().resolve(name)))
                    .doesNotContain("${tenant}", "tenant_", "public.");
        }
        assertThat(Files.readString(set.migratorSeeds().resolve("01_plans.json")))
                .contains("\"table\": \"plans\"", "\"mode\": \"insert-missing\"", "\"code\": \"business\"");
        assertThat(Files.readString(set.flyway().resolve("R__seed_plans.sql")))
                .contains("('free', 'Free', 0)", "('business', 'Business', 9900)", "ON CONFLICT (code) DO NOTHING");
    }
}
