package io.lucidity.migrator.testing.bench;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.testing.MigratedDatabase.Scope;
import io.lucidity.migrator.testing.internal.FixtureOptions;
import io.lucidity.migrator.testing.internal.Fixtures;
import io.lucidity.migrator.testing.internal.Template;
import io.lucidity.migrator.testing.internal.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-test database time: a copy of the template versus migrating an empty database, for the example schema and
 * for 500 generated migrations. Not a test: a plain program, run with
 *
 * <pre>
 * mvn -q install -DskipTests -pl test-fixtures -am
 * mvn -q -pl test-fixtures exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.lucidity.migrator.testing.bench.FixtureBenchmark
 * </pre>
 *
 * <p>Measured on the calling thread, in milliseconds:
 * <ul>
 *   <li><b>copy</b>: {@code CREATE DATABASE ... TEMPLATE}; <b>drop</b>: {@code DROP DATABASE ... WITH (FORCE)};</li>
 *   <li><b>per test</b>: what a test waits for with the extension — taking a database from the pool of copies
 *       prepared in the background, and handing it back (dropped in the background) — around a 25 ms test body;</li>
 *   <li><b>re-migrate</b>: {@code CREATE DATABASE} and {@code upgradeToHead()} (extensions, migrations, seeds).</li>
 * </ul>
 * Drops are left out of both sides: the extension drops used databases in the background, and a fixture that
 * re-migrated would too.
 *
 * <p>Then a DAO-shaped test body on the example schema: {@value #DAO_CALLS} calls that each take a connection from
 * the test's DataSource, run one query and close it, with the pooled DataSource (the default) and the unpooled one
 * ({@code @MigratedDatabase(pooled = false)}); the fixture's share (take a copy, hand it back) is shown beside it.
 */
public final class FixtureBenchmark {
    private static final int COPIES = 40;
    private static final int WARMUP = 5;
    private static final long TEST_BODY_MILLIS = 25;
    private static final int DAO_CALLS = 20;

    private FixtureBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path examples = findExamples();
        Fixtures fixtures = Fixtures.get();
        List<String> rows = new ArrayList<>();
        Path generated = Files.createTempDirectory("migrator-bench-500-");
        List<String> daoRows = new ArrayList<>();
        try {
            FixtureOptions example =
                    options("filesystem:" + examples.resolve("migration"), "filesystem:" + examples.resolve("seed"));
            daoRows.add(measureDao(fixtures, example, true));
            daoRows.add(measureDao(fixtures, withPooled(example, false), false));
            GeneratedMigrations.write(generated, 500);
            rows.add(measure(
                    fixtures,
                    "example schema (7 migrations, 3 seeds)",
                    options("filesystem:" + examples.resolve("migration"), "filesystem:" + examples.resolve("seed")),
                    10));
            rows.add(measure(fixtures, "500 generated migrations", options("filesystem:" + generated, null), 3));
        } finally {
            try (var paths = Files.walk(generated)) {
                paths.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "Machine: %d cores, %s %s, Java %s; PostgreSQL %s, %s provider on loopback; " + "copies: %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                System.getProperty("java.version"),
                fixtures.serverVersion(),
                fixtures.server().provider(),
                fixtures.copyMethod());
        System.out.println();
        System.out.println("| migrations | template build (once) | copy: median / p90 | drop (background) "
                + "| per test, pool prepared ahead: median / p90 | re-migrate: median | re-migrate ÷ copy "
                + "| re-migrate ÷ per test |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.println("| DataSource | DAO-shaped test body (" + DAO_CALLS + " × getConnection, one query, close): "
                + "median / p90 | fixture's share: median |");
        System.out.println("|---|---|---|");
        daoRows.forEach(System.out::println);
    }

    /** A test body that takes a connection per call, as a DAO or repository does, timed apart from the fixture. */
    private static String measureDao(Fixtures fixtures, FixtureOptions options, boolean pooled) throws SQLException {
        Template template = fixtures.template(options);
        fixtures.warm(template);
        fixtures.awaitBackground();
        List<Double> bodies = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        for (int i = 0; i < WARMUP + COPIES; i++) {
            long t0 = System.nanoTime();
            TestDatabase db = fixtures.acquire(template, options);
            long t1 = System.nanoTime();
            for (int call = 0; call < DAO_CALLS; call++) {
                try (Connection c = db.dataSource().getConnection();
                        Statement s = c.createStatement();
                        var rows = s.executeQuery("SELECT count(*) FROM pg_class")) {
                    rows.next();
                }
            }
            long t2 = System.nanoTime();
            fixtures.release(db, false, "benchmark");
            long t3 = System.nanoTime();
            if (i >= WARMUP) {
                bodies.add(millis(t2 - t1));
                shares.add(millis((t1 - t0) + (t3 - t2)));
            }
        }
        fixtures.awaitBackground();
        System.out.printf(
                Locale.ROOT,
                "DAO body, %s: %.1f ms (fixture %.2f ms)%n",
                pooled ? "pooled" : "unpooled",
                median(bodies),
                median(shares));
        return String.format(
                Locale.ROOT,
                "| %s | %.1f / %.1f ms | %.2f ms |",
                pooled ? "pooled (default)" : "unpooled (`pooled = false`)",
                median(bodies),
                p90(bodies),
                median(shares));
    }

    private static FixtureOptions withPooled(FixtureOptions o, boolean pooled) {
        return new FixtureOptions(
                o.locations(),
                o.seeds(),
                o.extensions(),
                o.schema(),
                o.revision(),
                o.placeholders(),
                o.scope(),
                o.keepOnFailure(),
                o.maxConnections(),
                pooled,
                o.customizer());
    }

    private static String measure(Fixtures fixtures, String label, FixtureOptions options, int migrations)
            throws SQLException, InterruptedException {
        long start = System.nanoTime();
        Template template = fixtures.template(options);
        double build = millis(System.nanoTime() - start);
        System.out.printf(Locale.ROOT, "%s: template %s built in %.0f ms%n", label, template.name(), build);

        List<Double> copies = new ArrayList<>();
        List<Double> drops = new ArrayList<>();
        for (int i = 0; i < WARMUP + COPIES; i++) {
            long t0 = System.nanoTime();
            String name = fixtures.cloneNow(template);
            long t1 = System.nanoTime();
            fixtures.dropNow(name);
            if (i >= WARMUP) {
                copies.add(millis(t1 - t0));
                drops.add(millis(System.nanoTime() - t1));
            }
        }

        List<Double> perTest = new ArrayList<>();
        fixtures.warm(template);
        fixtures.awaitBackground();
        for (int i = 0; i < WARMUP + COPIES; i++) {
            long t0 = System.nanoTime();
            TestDatabase db = fixtures.acquire(template, options);
            long acquired = System.nanoTime() - t0;
            try (Connection c = db.dataSource().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
            Thread.sleep(TEST_BODY_MILLIS);
            long t1 = System.nanoTime();
            fixtures.release(db, false, "benchmark");
            if (i >= WARMUP) {
                perTest.add(millis(acquired + System.nanoTime() - t1));
            }
        }
        fixtures.awaitBackground();

        List<Double> remigrate = new ArrayList<>();
        for (int i = 0; i < migrations + 1; i++) {
            long t0 = System.nanoTime();
            TestDatabase db = fixtures.createEmpty(options);
            try (Migrator migrator = options.configure(db.dataSource()).load()) {
                migrator.upgradeToHead();
            }
            long took = System.nanoTime() - t0;
            fixtures.dropNow(db.name());
            if (i >= 1) {
                remigrate.add(millis(took));
            }
        }
        double copy = median(copies);
        double drop = median(drops);
        double migrate = median(remigrate);
        System.out.printf(
                Locale.ROOT,
                "%s: copy %.1f ms, drop %.1f ms, per test %.2f ms, re-migrate %.0f ms%n",
                label,
                copy,
                drop,
                median(perTest),
                migrate);
        return String.format(
                Locale.ROOT,
                "| %s | %.0f ms | %.1f / %.1f ms | %.1f ms | %.2f / %.1f ms | %.0f ms " + "| %.0f× | %.0f× |",
                label,
                build,
                copy,
                p90(copies),
                drop,
                median(perTest),
                p90(perTest),
                migrate,
                migrate / copy,
                migrate / median(perTest));
    }

    private static FixtureOptions options(String location, String seeds) {
        return new FixtureOptions(
                List.of(location),
                seeds == null ? List.of() : List.of(seeds),
                List.of("vector"),
                "public",
                "head",
                Map.of(),
                Scope.PER_METHOD,
                false,
                20,
                true,
                null);
    }

    private static Path findExamples() throws IOException {
        for (String candidate : List.of("examples/src/main/resources/db", "../examples/src/main/resources/db")) {
            Path dir = Path.of(candidate).toAbsolutePath().normalize();
            if (Files.isDirectory(dir.resolve("migration"))) {
                return dir;
            }
        }
        throw new IOException(
                "Run from the repository root or test-fixtures/: examples/src/main/resources/db not found");
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static double median(List<Double> values) {
        return percentile(values, 50);
    }

    private static double p90(List<Double> values) {
        return percentile(values, 90);
    }

    private static double percentile(List<Double> values, int percent) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
