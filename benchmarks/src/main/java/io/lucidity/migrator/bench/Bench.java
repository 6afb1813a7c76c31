package io.lucidity.migrator.bench;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.SeedResult;
import io.lucidity.migrator.UpgradeReport;
import io.lucidity.migrator.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * The comparison run: every work, every tool, the same generated sets and the same PostgreSQL, in one run; prints
 * a table of medians and ratios, writes it to {@code benchmarks/target/bench-results.md}, and into
 * {@code docs/performance.md} between its markers ({@link PerformanceDoc}).
 *
 * <p>Options: {@code --sizes 500,5000} {@code --reps 3} (repetitions of the long measurements at the smallest size;
 * larger sizes run once) {@code --launches 5} (fresh JVMs per no-op figure) {@code --works 1,2,3,4}
 * {@code --seed-rows 100000} {@code --instances 16} {@code --fsync on|off} (server durability; default on, as a
 * real server) {@code --cli PATH} (default {@code cli/target/migrator.jar}) {@code --tools MIGRATOR,FLYWAY,PSQL}
 * (the tools of works 1 and 4; default all) {@code --docs FILE|none} (the page the figures are written into; default
 * {@code docs/performance.md}) {@code --docs-block NAME} (its block, between {@code <!-- NAME:begin -->} and
 * {@code <!-- NAME:end -->}; default {@code bench}).
 */
public final class Bench {
    private final Options options;
    private final EmbeddedPostgres pg;
    private final Report report = new Report();
    private final Path work;
    /** Databases work 1 left at head, by set size and tool, for work 2. */
    private final Map<Integer, Map<Tool, Db>> atHead = new LinkedHashMap<>();

    private Bench(Options options, EmbeddedPostgres pg, Path work) {
        this.options = options;
        this.pg = pg;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Quiet.apply();
        Options options = Options.parse(args);
        Path work = Files.createTempDirectory("migrator-bench-");
        // 5,000 migrations from empty in one transaction (Migrator, Flyway group=true, psql -1) lock ~12,500
        // objects: more than the default lock table (64 x max_connections) holds.
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setting("max_locks_per_transaction", "1024");
        if (options.fsync) {
            builder.setting("fsync", "on").setting("synchronous_commit", "on").setting("full_page_writes", "on");
        }
        try (EmbeddedPostgres pg = builder.start()) {
            Bench bench = new Bench(options, pg, work);
            bench.run();
        } finally {
            deleteTree(work);
        }
    }

    private void run() throws Exception {
        report.header(pg.serverVersion(), options);
        Map<Integer, GeneratedSet> sets = new LinkedHashMap<>();
        for (int size : options.sizes) {
            sets.put(size, GeneratedSet.write(work.resolve("set-" + size), size));
        }
        warmUp();
        if (options.works.contains(1)) {
            for (GeneratedSet set : sets.values()) {
                applyAll(set);
            }
        }
        if (options.works.contains(2)) {
            for (GeneratedSet set : sets.values()) {
                noOpAtHead(set);
            }
        }
        if (options.works.contains(3)) {
            seeds();
        }
        if (options.works.contains(4)) {
            concurrentBoot(sets.values().iterator().next());
        }
        if (options.works.contains(1)) {
            cliMemory(sets);
        }
        String figures = report.print(Path.of("benchmarks/target/bench-results.md"));
        if (options.docs != null) {
            System.err.println("[bench] " + PerformanceDoc.write(options.docs, options.docsBlock, figures));
        }
    }

    // --- helpers --------------------------------------------------------------------------------------------

    /**
     * A fresh database, after a CHECKPOINT: every timed run starts with no checkpoint of earlier runs' WAL pending, so
     * that one does not land, with its fsyncs, in the middle of one tool's run and not another's.
     */
    private Db newDb() {
        String name = pg.createDatabase();
        Db db = new Db(pg.jdbcUrl(name), pg.user(), pg.password(), pg.host(), pg.port(), name);
        try (java.sql.Connection c = db.connect();
                java.sql.Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("CHECKPOINT failed: " + e.getMessage(), e);
        }
        return db;
    }

    private void drop(Db db) {
        pg.dropDatabase(db.name());
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Opens and migrates in-process; the time covers both. */
    private static double timeApply(Tool tool, Db db, Workload w) throws Exception {
        long start = System.nanoTime();
        try (Tool.Handle h = tool.open(db, w)) {
            h.migrate();
            return ms(System.nanoTime() - start);
        }
    }

    /** Each tool once on a small set, so that no tool pays this JVM's class loading in a timed figure. */
    private void warmUp() throws Exception {
        GeneratedSet small = GeneratedSet.write(work.resolve("warmup"), 20);
        for (int round = 0; round < 2; round++) {
            for (Tool tool : Tool.values()) {
                Db db = newDb();
                try (Tool.Handle h = tool.open(db, Workload.of(small))) {
                    h.migrate();
                    if (tool != Tool.PSQL) {
                        h.migrate();
                    }
                }
                drop(db);
            }
        }
    }

    private void verifyApplied(Db db, GeneratedSet set, Tool tool) throws Exception {
        long tables = db.queryLong("SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relname LIKE 't\\_%'");
        long firstRows = db.queryLong("SELECT count(*) FROM " + GeneratedSet.table(1));
        if (tables != (set.count() + 1) / 2 || firstRows != 2) {
            throw new IllegalStateException(tool + " left " + tables + " tables and " + firstRows + " rows in t_00001");
        }
        if (tool == Tool.PSQL) {
            return;
        }
        String history = tool == Tool.LIQUIBASE
                ? "SELECT count(*) * 1000000 + count(DISTINCT id) FROM databasechangelog"
                : "SELECT count(*) * 1000000 + count(DISTINCT version) FROM flyway_schema_history WHERE version IS NOT NULL AND success";
        long h = db.queryLong(history);
        if (h != set.count() * 1000000L + set.count()) {
            throw new IllegalStateException(
                    tool + ": history rows/distinct = " + h + ", expected " + set.count() + " each");
        }
    }

    // --- work 1 ---------------------------------------------------------------------------------------------

    private void applyAll(GeneratedSet set) throws Exception {
        int reps = set.count() == options.sizes[0] ? options.reps : 1;
        Workload w = Workload.of(set);
        Map<Tool, List<Double>> samples = new LinkedHashMap<>();
        Tool[] tools = options.tools.toArray(Tool[]::new);
        for (int rep = 0; rep < reps; rep++) {
            for (int i = 0; i < tools.length; i++) {
                Tool tool = tools[(i + rep) % tools.length];
                Db db = newDb();
                double t = timeApply(tool, db, w);
                verifyApplied(db, set, tool);
                if (rep == reps - 1
                        && (tool == Tool.MIGRATOR || tool == Tool.FLYWAY || tool == Tool.LIQUIBASE)
                        && options.works.contains(2)) {
                    atHead.computeIfAbsent(set.count(), k -> new LinkedHashMap<>())
                            .put(tool, db);
                } else {
                    drop(db);
                }
                samples.computeIfAbsent(tool, k -> new ArrayList<>()).add(t);
                log("work 1 %d %s rep %d: %.0f ms", set.count(), tool.label(), rep, t);
            }
        }
        if (!samples.containsKey(Tool.MIGRATOR)
                || !samples.containsKey(Tool.PSQL)
                || !samples.containsKey(Tool.FLYWAY)) {
            throw new IllegalArgumentException("work 1 needs --tools with MIGRATOR, FLYWAY and PSQL");
        }
        double migrator = Stats.median(samples.get(Tool.MIGRATOR));
        for (Tool tool : tools) {
            double m = Stats.median(samples.get(tool));
            report.row(
                    "1 apply all from empty (in-process)",
                    set.count() + "",
                    tool.label(),
                    m,
                    m / migrator,
                    samples.get(tool).size());
        }
        double psql = Stats.median(samples.get(Tool.PSQL));
        report.target("1 apply all, " + set.count() + ": Migrator <= 1.5 x psql -1", migrator / psql, 1.5, "x psql");
        report.target(
                "1 apply all, " + set.count() + ": Migrator >= 3 x faster than Flyway default",
                Stats.median(samples.get(Tool.FLYWAY)) / migrator,
                3.0,
                "x faster (higher is better)",
                true);
    }

    // --- work 2 ---------------------------------------------------------------------------------------------

    private List<String> oneShotArgs(Tool tool, Db db, Workload w) {
        return List.of(
                tool.name(),
                db.url(),
                db.user(),
                db.name(),
                db.host(),
                String.valueOf(db.port()),
                w.migrations().toString(),
                w.seeds() == null ? "-" : w.seeds().toString(),
                w.flywayMigrations().toString(),
                w.liquibaseChangelog().toString());
    }

    private Map<String, String> childEnv(Db db) {
        return Map.of("BENCH_PASSWORD", db.password(), "MIGRATOR_PASSWORD", db.password());
    }

    private static final String FLOOR_LABEL = "(floor: JVM + pgjdbc login + SELECT 1)";
    private static final List<String> CHILD_JVM = List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

    private ChildProcess oneShot(Tool tool, Db db, Workload w, List<String> jvm) {
        List<String> args = new ArrayList<>(CHILD_JVM);
        args.addAll(jvm);
        return ChildProcess.java(args, OneShot.class.getName(), oneShotArgs(tool, db, w), childEnv(db));
    }

    /** A JVM that only connects and runs SELECT 1: the floor under every tool's first call. */
    private ChildProcess floor(Db db, Workload w) {
        List<String> args = new ArrayList<>(oneShotArgs(Tool.MIGRATOR, db, w));
        args.set(0, OneShot.FLOOR);
        return ChildProcess.java(CHILD_JVM, OneShot.class.getName(), args, childEnv(db));
    }

    private ChildProcess cli(Db db, Workload w, List<String> jvm) {
        List<String> args = new ArrayList<>(List.of(
                "upgrade", "--url", db.url(), "--user", db.user(), "--locations", "filesystem:" + w.migrations()));
        args.add("--seeds=" + (w.seeds() == null ? "" : "filesystem:" + w.seeds()));
        return ChildProcess.jar(jvm, options.cli, args, childEnv(db));
    }

    private void noOpAtHead(GeneratedSet set) throws Exception {
        Workload w = Workload.of(set);
        String n = String.valueOf(set.count());
        Map<Tool, Db> dbs = new LinkedHashMap<>();
        for (Tool tool : List.of(Tool.MIGRATOR, Tool.FLYWAY, Tool.LIQUIBASE)) {
            Db db = atHead.getOrDefault(set.count(), Map.of()).get(tool);
            if (db == null) {
                db = newDb();
                try (Tool.Handle h = tool.open(db, w)) {
                    h.migrate();
                }
            }
            dbs.put(tool, db);
        }
        int launches = set.count() == options.sizes[0] ? options.launches : Math.max(1, (options.launches + 1) / 2);
        // Fresh JVM: whole process and in-process.
        Map<String, List<Double>> wall = new LinkedHashMap<>();
        Map<String, List<Double>> inproc = new LinkedHashMap<>();
        Map<String, Long> rss = new LinkedHashMap<>();
        for (int i = 0; i < launches; i++) {
            for (Tool tool : dbs.keySet()) {
                ChildProcess.Result r =
                        oneShot(tool, dbs.get(tool), w, List.of()).run().requireOk(tool + " at head");
                wall.computeIfAbsent(tool.label(), k -> new ArrayList<>()).add(r.wallMs());
                inproc.computeIfAbsent(tool.label(), k -> new ArrayList<>()).add(r.inProcessMs());
                rss.merge(tool.label(), r.peakRssKb(), Math::max);
            }
            ChildProcess.Result f = floor(dbs.get(Tool.MIGRATOR), w).run().requireOk("JDBC floor");
            wall.computeIfAbsent(FLOOR_LABEL, k -> new ArrayList<>()).add(f.wallMs());
            inproc.computeIfAbsent(FLOOR_LABEL, k -> new ArrayList<>()).add(f.inProcessMs());
            rss.merge(FLOOR_LABEL, f.peakRssKb(), Math::max);
            if (Files.isRegularFile(options.cli)) {
                ChildProcess.Result r =
                        cli(dbs.get(Tool.MIGRATOR), w, List.of()).run().requireOk("CLI at head");
                wall.computeIfAbsent("Migrator CLI jar", k -> new ArrayList<>()).add(r.wallMs());
                rss.merge("Migrator CLI jar", r.peakRssKb(), Math::max);
            }
        }
        double mWall = Stats.median(wall.get(Tool.MIGRATOR.label()));
        double mIn = Stats.median(inproc.get(Tool.MIGRATOR.label()));
        for (String tool : wall.keySet()) {
            double m = Stats.median(wall.get(tool));
            report.row(
                    "2a no-op at head, fresh JVM, whole process",
                    n,
                    tool,
                    m,
                    m / mWall,
                    wall.get(tool).size());
            report.rss("2a no-op at head, whole process, " + n, tool, rss.get(tool));
        }
        for (String tool : inproc.keySet()) {
            double m = Stats.median(inproc.get(tool));
            report.row(
                    "2b no-op at head, fresh JVM, first call in-process",
                    n,
                    tool,
                    m,
                    m / mIn,
                    inproc.get(tool).size());
        }
        report.target(
                "2 first call in-process, " + n + ": Migrator <= 1/5 of Flyway",
                mIn / Stats.median(inproc.get(Tool.FLYWAY.label())),
                0.2,
                "of Flyway");
        report.target(
                "2 first call whole process, " + n + ": Migrator <= 1/5 of Flyway",
                mWall / Stats.median(wall.get(Tool.FLYWAY.label())),
                0.2,
                "of Flyway");
        // Warm: the same instance, called again and again.
        Map<Tool, Double> warm = new LinkedHashMap<>();
        for (Tool tool : dbs.keySet()) {
            List<Double> samples = new ArrayList<>();
            try (Tool.Handle h = tool.open(dbs.get(tool), w)) {
                long deadline = System.nanoTime() + 20_000_000_000L;
                for (int i = 0; i < 60 && (i < 8 || System.nanoTime() < deadline); i++) {
                    long start = System.nanoTime();
                    h.migrate();
                    if (i >= 3) {
                        samples.add(ms(System.nanoTime() - start));
                    }
                }
            }
            warm.put(tool, Stats.median(samples));
            report.row(
                    "2c no-op at head, warm (same instance)",
                    n,
                    tool.label(),
                    warm.get(tool),
                    warm.get(tool) / 1,
                    samples.size());
        }
        report.fixRatios("2c no-op at head, warm (same instance)", n, warm.get(Tool.MIGRATOR));
        report.target("2 warm no-op, " + n + ": Migrator <= 10 ms", warm.get(Tool.MIGRATOR), 10, "ms");
        report.remember("noop-inproc-" + n, mIn);
        report.remember("noop-warm-" + n, warm.get(Tool.MIGRATOR));
        report.remember("noop-wall-" + n, mWall);
        if (report.has("noop-inproc-" + options.sizes[0]) && set.count() != options.sizes[0]) {
            String small = String.valueOf(options.sizes[0]);
            report.target(
                    "2 scaling: first call in-process " + n + " / " + small + " <= 1.5",
                    mIn / report.get("noop-inproc-" + small),
                    1.5,
                    "x");
            report.target(
                    "2 scaling: warm " + n + " / " + small + " <= 1.5",
                    warm.get(Tool.MIGRATOR) / report.get("noop-warm-" + small),
                    1.5,
                    "x");
            report.target(
                    "2 scaling: whole process " + n + " / " + small + " <= 1.5",
                    mWall / report.get("noop-wall-" + small),
                    1.5,
                    "x");
        }
        for (Db db : dbs.values()) {
            drop(db);
        }
    }

    // --- work 3 ---------------------------------------------------------------------------------------------

    private void seeds() throws Exception {
        Workload w = SeedSet.write(work.resolve("seeds"), options.seedRows);
        String n = String.valueOf(options.seedRows);
        Map<Tool, List<Double>> samples = new LinkedHashMap<>();
        List<Double> seedOnly = new ArrayList<>();
        List<Tool> tools = List.of(Tool.MIGRATOR, Tool.FLYWAY, Tool.LIQUIBASE, Tool.PSQL);
        List<Double> rerunWarm = new ArrayList<>();
        List<Double> rerunNew = new ArrayList<>();
        List<Double> rerunNewNoSeed = new ArrayList<>();
        for (int rep = 0; rep < options.reps; rep++) {
            for (Tool tool : tools) {
                Db db = newDb();
                if (tool == Tool.MIGRATOR) {
                    try (Migrator m = migrator(db, w)) {
                        long start = System.nanoTime();
                        UpgradeReport r = m.upgradeToHead();
                        samples.computeIfAbsent(tool, k -> new ArrayList<>()).add(ms(System.nanoTime() - start));
                        seedOnly.add(r.seeds().stream()
                                .mapToDouble(s -> s.duration().toNanos() / 1e6)
                                .sum());
                        if (r.seedRows() != options.seedRows) {
                            throw new IllegalStateException("Migrator seeded " + r.seedRows() + " rows");
                        }
                        for (int i = 0; i < 20; i++) {
                            long t = System.nanoTime();
                            UpgradeReport again = m.upgradeToHead();
                            if (i >= 3) {
                                rerunWarm.add(ms(System.nanoTime() - t));
                            }
                            if (!again.upToDate()
                                    || again.seeds().stream()
                                            .anyMatch(s -> s.outcome() != SeedResult.Outcome.UNCHANGED)) {
                                throw new IllegalStateException("seed re-run was not a no-op: " + again.summary());
                            }
                        }
                    }
                    // A new instance with the seed, and one without it: the difference is what the seed costs a re-run.
                    for (int i = 0; i < 5; i++) {
                        long t = System.nanoTime();
                        try (Migrator fresh = migrator(db, w)) {
                            fresh.upgradeToHead();
                            rerunNew.add(ms(System.nanoTime() - t));
                        }
                        t = System.nanoTime();
                        try (Migrator fresh = Migrator.configure()
                                .url(db.url())
                                .user(db.user())
                                .password(db.password())
                                .locations("filesystem:" + w.migrations())
                                .seedLocations("none")
                                .load()) {
                            fresh.upgradeToHead();
                            rerunNewNoSeed.add(ms(System.nanoTime() - t));
                        }
                    }
                } else {
                    samples.computeIfAbsent(tool, k -> new ArrayList<>()).add(timeApply(tool, db, w));
                }
                long rows = db.queryLong("SELECT count(*) FROM seed_items");
                if (rows != options.seedRows) {
                    throw new IllegalStateException(tool + " loaded " + rows + " rows");
                }
                drop(db);
                log(
                        "work 3 %s rep %d: %.0f ms",
                        tool.label(),
                        rep,
                        samples.get(tool).get(samples.get(tool).size() - 1));
            }
        }
        double m = Stats.median(samples.get(Tool.MIGRATOR));
        for (Tool tool : tools) {
            double t = Stats.median(samples.get(tool));
            report.row(
                    "3 seed " + n + " rows, first run (table + rows)",
                    n,
                    tool.label()
                            + (tool == Tool.MIGRATOR
                                    ? " (JSON seed)"
                                    : tool == Tool.FLYWAY
                                            ? " (SQL INSERTs)"
                                            : tool == Tool.LIQUIBASE ? " (loadData CSV)" : " (\\copy CSV)"),
                    t,
                    t / m,
                    samples.get(tool).size());
        }
        double seedMs = Stats.median(seedOnly);
        report.row("3 seed, Migrator seed step only", n, "Migrator (JSON seed)", seedMs, Double.NaN, seedOnly.size());
        report.target(
                "3 seed throughput (seed step): >= 50,000 rows/s",
                options.seedRows / (seedMs / 1000),
                50_000,
                "rows/s",
                true);
        report.target(
                "3 seed throughput (whole upgrade): >= 50,000 rows/s",
                options.seedRows / (m / 1000),
                50_000,
                "rows/s",
                true);
        double warm = Stats.median(rerunWarm);
        report.row("3 seed re-run, nothing changed, same instance", n, "Migrator", warm, Double.NaN, rerunWarm.size());
        report.row(
                "3 seed re-run, nothing changed, new instance (reads the seed)",
                n,
                "Migrator",
                Stats.median(rerunNew),
                Double.NaN,
                rerunNew.size());
        report.target("3 seed re-run (same instance) <= 10 ms", warm, 10, "ms");
        report.row(
                "3 re-run, new instance without the seed (connect + check at head)",
                n,
                "Migrator",
                Stats.median(rerunNewNoSeed),
                Double.NaN,
                rerunNewNoSeed.size());
        report.target(
                "3 seed re-run, new instance: the seed's share (with - without) <= 10 ms",
                Stats.median(rerunNew) - Stats.median(rerunNewNoSeed),
                10,
                "ms");
        // CLI memory for the seed.
        if (Files.isRegularFile(options.cli)) {
            Db db = newDb();
            ChildProcess.Result r = cli(db, w, List.of()).run().requireOk("CLI seed");
            report.rss("3 CLI upgrade with " + n + "-row seed", "Migrator CLI jar", r.peakRssKb());
            report.row("3 CLI upgrade with seed, whole process", n, "Migrator CLI jar", r.wallMs(), Double.NaN, 1);
            drop(db);
        }
    }

    private static Migrator migrator(Db db, Workload w) {
        return Migrator.configure()
                .url(db.url())
                .user(db.user())
                .password(db.password())
                .locations("filesystem:" + w.migrations())
                .seedLocations("filesystem:" + w.seeds())
                .load();
    }

    // --- work 4 ---------------------------------------------------------------------------------------------

    private void concurrentBoot(GeneratedSet set) throws Exception {
        Workload w = Workload.of(set);
        String n = String.valueOf(set.count());
        int k = options.instances;
        for (Tool tool : concurrent()) {
            // Per repetition: apply-alone on a fresh database, then the k instances on another, so that both figures
            // share the machine's conditions of the moment; the target compares the medians.
            List<Double> alones = new ArrayList<>();
            List<Double> slowests = new ArrayList<>();
            for (int rep = 0; rep < options.reps; rep++) {
                Db aloneDb = newDb();
                alones.add(timeApply(tool, aloneDb, w));
                drop(aloneDb);
                Db db = newDb();
                CyclicBarrier barrier = new CyclicBarrier(k);
                ExecutorService pool = Executors.newFixedThreadPool(k);
                List<Future<Double>> futures = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    futures.add(pool.submit(() -> {
                        try (Tool.Handle h = tool.open(db, w)) {
                            barrier.await();
                            long start = System.nanoTime();
                            h.migrate();
                            return ms(System.nanoTime() - start);
                        }
                    }));
                }
                List<Double> times = new ArrayList<>();
                List<String> failures = new ArrayList<>();
                for (Future<Double> f : futures) {
                    try {
                        times.add(f.get());
                    } catch (java.util.concurrent.ExecutionException e) {
                        failures.add(
                                String.valueOf(e.getCause()).lines().findFirst().orElse(""));
                    }
                }
                pool.shutdown();
                String exactlyOnce = exactlyOnce(db, set, tool);
                double slowest = Stats.max(times);
                slowests.add(slowest);
                report.note("4a " + tool.label() + " rep " + (rep + 1) + ": " + times.size() + "/" + k
                        + " returned, apply-alone "
                        + fmt(alones.get(rep)) + " ms, slowest " + fmt(slowest) + " ms, median "
                        + fmt(Stats.median(times))
                        + " ms; exactly-once: " + exactlyOnce
                        + (failures.isEmpty()
                                ? ""
                                : "; failures: " + failures.stream().distinct().collect(Collectors.joining(" | "))));
                if (tool == Tool.MIGRATOR) {
                    report.target(
                            "4 " + k + " in one JVM, rep " + (rep + 1) + ": all returned, exactly once",
                            failures.isEmpty() && exactlyOnce.equals("yes") ? 1 : 0,
                            1,
                            "(1 = yes)",
                            true);
                }
                drop(db);
                log(
                        "work 4a %s rep %d: alone %.0f ms, slowest of %d %.0f ms",
                        tool.label(), rep, alones.get(rep), k, slowest);
            }
            double alone = Stats.median(alones);
            double slowest = Stats.median(slowests);
            report.row(
                    "4a " + k + " instances in one JVM, slowest to return",
                    n,
                    tool.label(),
                    slowest,
                    Double.NaN,
                    slowests.size());
            report.row("4a apply alone, just before", n, tool.label(), alone, Double.NaN, alones.size());
            if (tool == Tool.MIGRATOR) {
                report.target(
                        "4 " + k + " in one JVM: slowest <= apply-alone + 1 s (medians, ms over)",
                        slowest - alone,
                        1000,
                        "ms over apply-alone");
            }
        }
        // Separate processes.
        for (Tool tool : concurrent()) {
            Db alone = newDb();
            ChildProcess.Result single =
                    oneShot(tool, alone, w, List.of()).run().requireOk(tool + " alone");
            drop(alone);
            Db db = newDb();
            List<ChildProcess> children = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                children.add(oneShot(tool, db, w, List.of()));
            }
            for (ChildProcess c : children) {
                c.start();
            }
            List<Double> walls = new ArrayList<>();
            int failed = 0;
            long rss = 0;
            for (ChildProcess c : children) {
                ChildProcess.Result r = c.await();
                if (r.exit() != 0) {
                    failed++;
                } else {
                    walls.add(r.wallMs());
                }
                rss = Math.max(rss, r.peakRssKb());
            }
            String exactlyOnce = exactlyOnce(db, set, tool);
            report.row(
                    "4b " + k + " processes at once, slowest to exit",
                    n,
                    tool.label(),
                    Stats.max(walls),
                    Double.NaN,
                    walls.size());
            report.note("4b " + tool.label() + ": " + walls.size() + "/" + k + " exited 0, one process alone "
                    + fmt(single.wallMs())
                    + " ms, slowest " + fmt(Stats.max(walls)) + " ms, median " + fmt(Stats.median(walls))
                    + " ms; exactly-once: "
                    + exactlyOnce + "; peak RSS per process " + rss / 1024 + " MiB");
            // Reported beside 4a, not a target: 16 JVMs starting on 2 cores dominate it.
            report.row(
                    "4b slowest - one process alone",
                    n,
                    tool.label(),
                    Stats.max(walls) - single.wallMs(),
                    Double.NaN,
                    walls.size());
            drop(db);
        }
    }

    private List<Tool> concurrent() {
        return List.of(Tool.MIGRATOR, Tool.FLYWAY, Tool.LIQUIBASE).stream()
                .filter(options.tools::contains)
                .toList();
    }

    private String exactlyOnce(Db db, GeneratedSet set, Tool tool) {
        try {
            verifyApplied(db, set, tool);
            return "yes";
        } catch (Exception e) {
            return "NO (" + e.getMessage() + ")";
        }
    }

    // --- CLI memory -----------------------------------------------------------------------------------------

    private void cliMemory(Map<Integer, GeneratedSet> sets) throws Exception {
        if (!Files.isRegularFile(options.cli)) {
            report.note("CLI jar " + options.cli + " not found: CLI memory not measured.");
            return;
        }
        for (GeneratedSet set : sets.values()) {
            Workload w = Workload.of(set);
            for (List<String> jvm : List.of(List.<String>of(), List.of("-Xmx256m"))) {
                Db db = newDb();
                ChildProcess.Result r = cli(db, w, jvm).run();
                String label = "Migrator CLI jar" + (jvm.isEmpty() ? "" : " -Xmx256m");
                if (r.exit() != 0) {
                    report.note("CLI " + String.join(" ", jvm) + " upgrade of " + set.count() + " FAILED: exit "
                            + r.exit());
                } else {
                    verifyApplied(db, set, Tool.MIGRATOR);
                    report.row(
                            "1 CLI upgrade from empty, whole process",
                            String.valueOf(set.count()),
                            label,
                            r.wallMs(),
                            Double.NaN,
                            1);
                }
                report.rss(
                        "1 CLI upgrade from empty, " + set.count() + (jvm.isEmpty() ? "" : ", -Xmx256m"),
                        label,
                        r.peakRssKb());
                drop(db);
            }
        }
    }

    static String fmt(double ms) {
        return String.format(Locale.ROOT, "%.0f", ms);
    }

    static void log(String format, Object... args) {
        System.err.printf(
                Locale.ROOT,
                "[bench %s] " + format + "%n",
                prepend(Instant.now().toString().substring(11, 19), args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    /** Command-line options. */
    static final class Options {
        int[] sizes = {500, 5000};
        int reps = 3;
        int launches = 5;
        List<Integer> works = List.of(1, 2, 3, 4);
        int seedRows = 100_000;
        int instances = 16;
        boolean fsync = true;
        Path cli = Path.of("cli/target/migrator.jar");
        List<Tool> tools = List.of(Tool.values());
        Path docs = PerformanceDoc.DEFAULT_PAGE;
        String docsBlock = PerformanceDoc.DEFAULT_BLOCK;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--sizes" ->
                        o.sizes = Arrays.stream(value.split(","))
                                .mapToInt(Integer::parseInt)
                                .toArray();
                    case "--reps" -> o.reps = Integer.parseInt(value);
                    case "--launches" -> o.launches = Integer.parseInt(value);
                    case "--works" ->
                        o.works = Arrays.stream(value.split(","))
                                .map(Integer::valueOf)
                                .toList();
                    case "--seed-rows" -> o.seedRows = Integer.parseInt(value);
                    case "--instances" -> o.instances = Integer.parseInt(value);
                    case "--fsync" -> o.fsync = value.equals("on");
                    case "--cli" -> o.cli = Path.of(value);
                    case "--tools" ->
                        o.tools = Arrays.stream(value.split(","))
                                .map(Tool::valueOf)
                                .toList();
                    case "--docs" -> o.docs = value.equals("none") ? null : Path.of(value);
                    case "--docs-block" -> o.docsBlock = value;
                    default ->
                        throw new IllegalArgumentException("Unknown option " + args[i]
                                + "; known: --sizes --reps --launches --works --seed-rows --instances --fsync --cli --tools"
                                + " --docs --docs-block");
                }
                i++;
            }
            return o;
        }

        @Override
        public String toString() {
            return "tools " + tools + ", sizes " + Arrays.toString(sizes) + ", reps " + reps + ", fresh-JVM launches "
                    + launches + ", works " + works + ", seed rows " + seedRows + ", instances " + instances
                    + ", fsync " + (fsync ? "on" : "off (test settings)");
        }
    }
}
