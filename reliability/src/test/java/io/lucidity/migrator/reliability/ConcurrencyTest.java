package io.lucidity.migrator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.reliability.support.Cli;
import io.lucidity.migrator.reliability.support.Db;
import io.lucidity.migrator.reliability.support.Upgrades;
import io.lucidity.migrator.testsupport.ChildJvm;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Many separate JVMs upgrading one empty database at the same moment, round after round
 * ({@code -Dreliability.rounds}, {@code -Dreliability.processes}). Migrations and one seed write a row each time
 * they run, so "exactly once" is counted in the database, not inferred from logs.
 */
class ConcurrencyTest {
    static final int ROUNDS = Integer.getInteger("reliability.rounds", 2);
    static final int PROCESSES = Integer.getInteger("reliability.processes", 16);
    private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(4);
    private static final Pattern APPLIED = Pattern.compile("migrations=\\[([^\\]]*)\\] seeds=\\[([^\\]]*)\\]");

    /** Versions 1..n: tables, data, a non-transactional index build, each logging itself into ran_log. */
    static void migrations(MigrationFiles scripts, int upTo) {
        scripts.migration(
                "V1__log.sql",
                "CREATE TABLE ran_log (what text NOT NULL, at timestamptz DEFAULT clock_timestamp());\n"
                        + "INSERT INTO ran_log (what) VALUES ('V1');");
        // The vector column only where the server has pgvector (TestServer.vector()).
        boolean vector = TestServer.vector();
        scripts.migration(
                "V2__items.sql",
                "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL"
                        + (vector ? ", embedding vector(3)" : "") + ");\n"
                        + "INSERT INTO items SELECT g, 'item ' || g" + (vector ? ", NULL" : "")
                        + " FROM generate_series(1, 1000) g;\n"
                        + "INSERT INTO ran_log (what) VALUES ('V2');");
        scripts.migration("V3__index.sql", "CREATE INDEX CONCURRENTLY items_name ON items (name);");
        scripts.migration(
                "V4__settings.sql",
                "CREATE TABLE settings (key text PRIMARY KEY, value text);\n"
                        + "INSERT INTO ran_log (what) VALUES ('V4');");
        if (upTo >= 6) {
            scripts.migration(
                    "V5__tags.sql",
                    "ALTER TABLE items ADD COLUMN tags text[];\nINSERT INTO ran_log (what) VALUES ('V5');");
            scripts.migration(
                    "V6__audit.sql",
                    "CREATE TABLE audit (id bigserial PRIMARY KEY, body jsonb);\n"
                            + "INSERT INTO ran_log (what) VALUES ('V6');");
        }
        scripts.seed("01_settings.json", """
                {"table": "settings", "key": ["key"], "mode": "upsert",
                 "rows": [{"key": "site", "value": "example"}, {"key": "mode", "value": "prod"}]}
                """);
        scripts.seed("02_count.sql", "INSERT INTO ran_log (what) VALUES ('seed 02');");
    }

    @Test
    void sixteenProcessesUpgradingOneEmptyDatabaseApplyEachMigrationAndSeedExactlyOnce() throws Exception {
        long started = System.nanoTime();
        List<Long> roundMillis = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            long roundStart = System.nanoTime();
            try (Db db = new Db();
                    MigrationFiles scripts = new MigrationFiles()) {
                migrations(scripts, 4);
                List<ChildJvm.Finished> runs = startAll(db, scripts, PROCESSES, i -> Map.of());

                int appliedMigrations = 0;
                int appliedSeeds = 0;
                for (ChildJvm.Finished run : runs) {
                    assertThat(run.exitCode()).as("round %d: %s", round, run).isZero();
                    assertThat(run.stdout()).contains("to=4");
                    assertThat(run.stderr())
                            .as("round %d: %s", round, run)
                            .doesNotContain("Exception")
                            .doesNotContain("ERROR");
                    Matcher m = APPLIED.matcher(run.stdout());
                    assertThat(m.find()).as(run.toString()).isTrue();
                    appliedMigrations += m.group(1).isEmpty() ? 0 : m.group(1).split(",").length;
                    appliedSeeds += m.group(2).isEmpty() ? 0 : m.group(2).split(",").length;
                }
                assertThat(appliedMigrations)
                        .as("migrations applied over all processes, round %d", round)
                        .isEqualTo(4);
                assertThat(appliedSeeds)
                        .as("seeds run over all processes, round %d", round)
                        .isEqualTo(2);
                assertExactlyOnce(db, 4);
            }
            roundMillis.add((System.nanoTime() - roundStart) / 1_000_000);
        }
        record(
                "concurrency",
                "rounds=" + ROUNDS + " processes=" + PROCESSES + " wall=" + (System.nanoTime() - started) / 1_000_000
                        + "ms per-round-ms=" + roundMillis);
    }

    @Test
    void processesOfTwoCodeVersionsStartingAtOnceAreToleratedOrRefusedAsConfigured() throws Exception {
        long started = System.nanoTime();
        int rounds = Math.max(1, ROUNDS / 2);
        int refusedSeen = 0;
        for (int round = 1; round <= rounds; round++) {
            try (Db db = new Db();
                    MigrationFiles newer = new MigrationFiles();
                    MigrationFiles older = new MigrationFiles()) {
                migrations(newer, 6);
                migrations(older, 4);
                int n = PROCESSES;
                List<Map<String, String>> envs = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Map<String, String> env;
                    if (i % 2 == 0) {
                        env = Upgrades.env(db, newer, "new-" + i);
                    } else {
                        env = Upgrades.env(db, older, "old-" + i);
                        env.put("MIGRATOR_TOLERATE_NEWER_SCHEMA", String.valueOf(i % 4 == 1));
                    }
                    envs.add(env);
                }
                List<ChildJvm.Finished> runs = startAll(envs);
                for (int i = 0; i < n; i++) {
                    ChildJvm.Finished run = runs.get(i);
                    boolean isNew = i % 2 == 0;
                    boolean tolerant = i % 4 == 1;
                    if (isNew || tolerant) {
                        assertThat(run.exitCode())
                                .as("round %d, %s: %s", round, envs.get(i).get("MIGRATOR_APPLICATION_NAME"), run)
                                .isZero();
                    } else if (run.exitCode() != 0) {
                        refusedSeen++;
                        assertThat(run.exitCode()).as(run.toString()).isEqualTo(DiagnosticCode.SCHEMA_AHEAD.exitCode());
                        assertThat(run.stdout()).contains("MIGRATOR-SCHEMA-AHEAD", "tolerateNewerSchema(true)");
                    }
                    assertThat(run.stdout() + run.stderr()).doesNotContain("Exception");
                }
                assertExactlyOnce(db, 6);
            }
        }
        assertThat(refusedSeen)
                .as("older processes without tolerateNewerSchema that met the newer schema were refused")
                .isPositive();
        record(
                "mixed-versions",
                "rounds=" + rounds + " processes=" + PROCESSES + " refused-older=" + refusedSeen + " wall="
                        + (System.nanoTime() - started) / 1_000_000 + "ms");
    }

    @Test
    void cliProcessesUpgradingAtOnceApplyEachMigrationAndSeedExactlyOnce() throws Exception {
        long started = System.nanoTime();
        try (Db db = new Db();
                MigrationFiles scripts = new MigrationFiles()) {
            migrations(scripts, 4);
            List<ChildJvm.Child> children = new ArrayList<>();
            List<ChildJvm.Finished> runs = new ArrayList<>();
            try {
                for (int i = 0; i < PROCESSES / 2; i++) {
                    Map<String, String> env = new java.util.HashMap<>(Cli.env(db, scripts));
                    env.put("MIGRATOR_LOCK_TIMEOUT", "180s");
                    children.add(Cli.start(env, "upgrade", "--json"));
                }
                for (ChildJvm.Child child : children) {
                    runs.add(child.await(ROUND_TIMEOUT));
                }
            } finally {
                children.forEach(ChildJvm.Child::close);
            }
            int applied = 0;
            for (ChildJvm.Finished run : runs) {
                assertThat(run.exitCode()).as(run.toString()).isZero();
                JsonNode report = new ObjectMapper().readTree(run.stdout());
                assertThat(report.get("toRevision").asText()).isEqualTo("4");
                applied += report.get("migrations").size();
            }
            assertThat(applied).isEqualTo(4);
            assertExactlyOnce(db, 4);
        }
        record(
                "cli-concurrency",
                "processes=" + PROCESSES / 2 + " wall=" + (System.nanoTime() - started) / 1_000_000 + "ms");
    }

    /** Every migration once in the history and once in ran_log, every seed once, no failed rows. */
    static void assertExactlyOnce(Db db, int head) {
        List<String> expected = new ArrayList<>();
        for (int v = 1; v <= head; v++) {
            expected.add(String.valueOf(v));
        }
        assertThat(db.appliedVersions()).containsExactlyElementsOf(expected);
        assertThat(db.count("SELECT count(*) FROM flyway_schema_history WHERE NOT success"))
                .isZero();
        List<String> logged = new ArrayList<>(
                expected.stream().filter(v -> !v.equals("3")).map(v -> "V" + v).toList());
        logged.add("seed 02");
        assertThat(db.column("SELECT what FROM ran_log ORDER BY at")).containsExactlyInAnyOrderElementsOf(logged);
        assertThat(db.column("SELECT name FROM migrator_seed_journal ORDER BY name"))
                .containsExactly("01_settings.json", "02_count.sql");
        assertThat(db.count("SELECT count(*) FROM settings")).isEqualTo(2);
        assertThat(db.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 'items_name'::regclass"))
                .isEqualTo("t");
        assertThat(db.count("SELECT count(*) FROM items")).isEqualTo(1000);
    }

    private static List<ChildJvm.Finished> startAll(
            Db db, MigrationFiles scripts, int n, java.util.function.IntFunction<Map<String, String>> extra) {
        List<Map<String, String>> envs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, String> env = Upgrades.env(db, scripts, "instance-" + i);
            env.putAll(extra.apply(i));
            envs.add(env);
        }
        return startAll(envs);
    }

    /** Starts every process before waiting for any, so that they race for the lock. */
    static List<ChildJvm.Finished> startAll(List<Map<String, String>> envs) {
        List<ChildJvm.Child> children = new ArrayList<>();
        try {
            for (Map<String, String> env : envs) {
                children.add(Upgrades.start(env));
            }
            List<ChildJvm.Finished> runs = new ArrayList<>();
            for (ChildJvm.Child child : children) {
                runs.add(child.await(ROUND_TIMEOUT));
            }
            return runs;
        } finally {
            children.forEach(ChildJvm.Child::close);
        }
    }

    /** Appends a line of figures to target/reliability/figures.txt, for docs/guarantees.md. */
    static void record(String what, String figures) throws IOException {
        Path dir = Path.of(System.getProperty("reliability.reportDirectory", "target/reliability"));
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("figures.txt"),
                java.time.Instant.now() + " " + what + " " + figures + "\n",
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
