package io.lucidity.migrator.bench;

import io.lucidity.migrator.FleetReport;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The fleet benchmark (issue 16): Migrator's {@code upgradeFleet()} against the users' workaround, a loop over Flyway
 * with one {@code Flyway} per tenant schema, on the same generated fleet ({@link FleetSet}) and the same PostgreSQL, in
 * one run. Three works:
 *
 * <ol>
 *   <li>from empty: N schemas {@code tenant_0001..} brought to head (20 migrations + 1 seed each);</li>
 *   <li>the same fleet at head: Migrator's {@code upgradeFleet()} again (a new instance, as at a boot) against the
 *       loop's {@code migrate()} and {@code validate()};</li>
 *   <li>K processes started together on one fleet from empty, each a JVM running {@code upgradeFleet()}
 *       ({@link FleetChild}), against one process alone; every tenant's history is checked to hold each migration
 *       exactly once.</li>
 * </ol>
 *
 * <p>Every result is checked (history rows, seed rows); a check that fails fails the run (exit 1) after the figures
 * are printed, and the page is then left alone. Options: {@code --tenants 1000} {@code --parallel 1,4} (Migrator's
 * parallelism in works 1 and 2) {@code --process-parallel P} (work 3; default the largest of {@code --parallel})
 * {@code --processes 3} {@code --reps 3} (repetitions at head; from empty runs once per tool) {@code --warm-up 2}
 * (rounds of every tool on a 3-tenant fleet before the timed runs) {@code --flyway-migrate-at-head on|off} (F2: also
 * time the loop's {@code migrate()} at head; default on) {@code --works 1,2,3}
 * {@code --fsync on|off} {@code --docs FILE|none} {@code --docs-block NAME} (default {@code bench-fleet}).
 */
public final class FleetBench {
    static final String BLOCK = "bench-fleet";
    static final String PATTERN = "tenant\\_%";
    private static final String FLYWAY = "Flyway 13.12.1 loop (one Flyway per schema)";

    private final Options options;
    private final EmbeddedPostgres pg;
    private final FleetSet set;
    private final Report report = new Report();
    private final List<String> failures = new ArrayList<>();
    /** Fleets work 1 left at head, for work 2: Migrator's (by parallelism) and Flyway's. */
    private final Map<String, Db> atHead = new LinkedHashMap<>();

    private FleetBench(Options options, EmbeddedPostgres pg, FleetSet set) {
        this.options = options;
        this.pg = pg;
        this.set = set;
    }

    public static void main(String[] args) throws Exception {
        Result result = run(args);
        if (!result.failures().isEmpty()) {
            System.err.println("[fleet] FAILED: " + String.join("; ", result.failures()));
            System.exit(1);
        }
    }

    /** The figures (Markdown) and the checks that failed. */
    record Result(String markdown, List<String> failures) {}

    /** Runs the works; prints and writes the figures (the page only when every check passed). */
    static Result run(String[] args) throws Exception {
        Quiet.apply();
        Options options = Options.parse(args);
        Path work = Files.createTempDirectory("migrator-fleet-bench-");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (options.fsync) {
            builder.setting("fsync", "on").setting("synchronous_commit", "on").setting("full_page_writes", "on");
        } else {
            builder.setting("fsync", "off").setting("synchronous_commit", "off");
        }
        try (EmbeddedPostgres pg = builder.start()) {
            FleetBench bench = new FleetBench(options, pg, FleetSet.write(work.resolve("set")));
            return bench.run();
        } finally {
            try (var paths = Files.walk(work)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private Result run() throws Exception {
        report.header(pg.serverVersion(), options);
        warmUp();
        if (options.works.contains(1)) {
            fromEmpty();
        }
        if (options.works.contains(2)) {
            atHead();
        }
        for (Db db : atHead.values()) {
            pg.dropDatabase(db.name());
        }
        if (options.works.contains(3)) {
            processes();
        }
        failures.forEach(f -> report.note("CHECK FAILED: " + f));
        String figures = report.print(Path.of("benchmarks/target/bench-fleet-results.md"));
        if (options.docs != null) {
            System.err.println("[fleet] "
                    + (failures.isEmpty()
                            ? PerformanceDoc.write(options.docs, options.docsBlock, figures)
                            : "Figures not written to " + options.docs + ": a check failed."));
        }
        return new Result(figures, List.copyOf(failures));
    }

    // --- fleets ---------------------------------------------------------------------------------------------

    static String tenant(int i) {
        return String.format(Locale.ROOT, "tenant_%04d", i);
    }

    /** A fresh database holding {@code n} empty schemas {@code tenant_0001..}, after a CHECKPOINT. */
    private Db newFleet(int n) throws SQLException {
        String name = pg.createDatabase();
        Db db = new Db(pg.jdbcUrl(name), pg.user(), pg.password(), pg.host(), pg.port(), name);
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (int i = 1; i <= n; i++) {
                s.addBatch("CREATE SCHEMA " + tenant(i));
            }
            s.executeBatch();
            c.commit();
            c.setAutoCommit(true);
            s.execute("CHECKPOINT");
        }
        return db;
    }

    static Migrator migrator(String url, String user, String password, FleetSet set, int parallelism) {
        return Migrator.configure()
                .url(url)
                .user(user)
                .password(password)
                .locations("filesystem:" + set.migratorSql())
                .seedLocations("filesystem:" + set.migratorSeeds())
                // As the Flyway loop: no extension. (The default, vector, is created by the first tenant; with
                // parallelism > 1 tenants race on CREATE EXTENSION IF NOT EXISTS: see docs/performance.md.)
                .extensions("none")
                .tenantSchemas(PATTERN)
                .parallelism(parallelism)
                .load();
    }

    private Migrator migrator(Db db, int parallelism) {
        return migrator(db.url(), db.user(), db.password(), set, parallelism);
    }

    /** The users' workaround: list the schemas, then one Flyway per schema, one after the other. */
    enum FlywayOp {
        MIGRATE,
        VALIDATE
    }

    private int flywayLoop(DataSource pool, FlywayOp op) throws SQLException {
        List<String> tenants = new ArrayList<>();
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname LIKE 'tenant\\_%' ORDER BY 1")) {
            while (rs.next()) {
                tenants.add(rs.getString(1));
            }
        }
        int executed = 0;
        for (String tenant : tenants) {
            Flyway flyway = Flyway.configure()
                    .dataSource(pool)
                    .schemas(tenant)
                    .locations("filesystem:" + set.flyway())
                    .load();
            if (op == FlywayOp.MIGRATE) {
                executed += flyway.migrate().migrationsExecuted;
            } else {
                flyway.validate();
            }
        }
        return executed;
    }

    private double timeFlyway(Db db, FlywayOp op) throws SQLException {
        try (var pool = Tool.pool(db, "flyway-loop")) {
            long start = System.nanoTime();
            flywayLoop(pool, op);
            return ms(System.nanoTime() - start);
        }
    }

    /** Configure, load and {@code upgradeFleet()}: what a booting application does. */
    private double timeMigrator(Db db, int parallelism, int expectUpgraded) {
        long start = System.nanoTime();
        try (Migrator m = migrator(db, parallelism)) {
            FleetReport r = m.upgradeFleet();
            double t = ms(System.nanoTime() - start);
            FleetReport.Summary s = r.summary();
            if (s.total() != options.tenants || s.failed() != 0 || s.skipped() != 0 || s.upgraded() != expectUpgraded) {
                failures.add("Migrator P=" + parallelism + " on " + db.name() + ": " + r.summaryLine());
            }
            return t;
        }
    }

    /**
     * Every tenant's history holds each of the 20 migrations exactly once (no duplicate, no failed row) and its
     * plans table the 3 seeded rows.
     *
     * @return "yes", or what is wrong (also recorded as a failure)
     */
    private String verify(Db db, String who) throws SQLException {
        int bad = 0;
        String first = null;
        int n = 0;
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            for (int i = 1; i <= options.tenants; i++) {
                String t = tenant(i);
                try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT version), count(*) FILTER (WHERE"
                        + " NOT success), (SELECT count(*) FROM " + t + ".plans) FROM " + t
                        + ".flyway_schema_history WHERE version IS NOT NULL")) {
                    rs.next();
                    long rows = rs.getLong(1);
                    long distinct = rs.getLong(2);
                    long failed = rs.getLong(3);
                    long plans = rs.getLong(4);
                    n++;
                    if (rows != FleetSet.count() || distinct != rows || failed != 0 || plans != FleetSet.PLANS.size()) {
                        bad++;
                        if (first == null) {
                            first = t + ": " + rows + " history rows, " + distinct + " distinct versions, " + failed
                                    + " failed, " + plans + " plans";
                        }
                    }
                }
            }
        } catch (SQLException e) {
            bad++;
            first = e.getMessage();
        }
        if (bad == 0 && n == options.tenants) {
            return "yes";
        }
        String what = "NO: " + bad + " of " + options.tenants + " tenants wrong, first " + first;
        failures.add(who + " " + what);
        return what;
    }

    /** Each tool once on a small fleet, so that no timed figure pays this JVM's class loading. */
    private void warmUp() throws Exception {
        for (int round = 0; round < options.warmUp; round++) {
            for (int p : options.parallel) {
                Db db = newFleet(3);
                try (Migrator m = migrator(db, p)) {
                    m.upgradeFleet();
                    m.upgradeFleet();
                }
                pg.dropDatabase(db.name());
            }
            Db db = newFleet(3);
            try (var pool = Tool.pool(db, "flyway-warm-up")) {
                flywayLoop(pool, FlywayOp.MIGRATE);
                flywayLoop(pool, FlywayOp.MIGRATE);
                flywayLoop(pool, FlywayOp.VALIDATE);
            }
            pg.dropDatabase(db.name());
        }
    }

    private String setLabel() {
        return options.tenants + " x " + FleetSet.count() + "+1";
    }

    private static String migratorLabel(int p) {
        return "Migrator upgradeFleet() P=" + p;
    }

    // --- work 1: from empty ---------------------------------------------------------------------------------

    private void fromEmpty() throws Exception {
        String work = "F1 from empty: " + options.tenants + " schema tenants, " + FleetSet.count()
                + " migrations + 1 seed each";
        Map<String, Double> times = new LinkedHashMap<>();
        int last = options.parallel[options.parallel.length - 1];
        for (int p : options.parallel) {
            Db db = newFleet(options.tenants);
            double t = timeMigrator(db, p, options.tenants);
            times.put(migratorLabel(p), t);
            log("F1 Migrator P=%d: %.0f ms, exactly once: %s", p, t, verify(db, "F1 Migrator P=" + p));
            keepOrDrop("migrator-" + p, db, p == last || p == options.parallel[0]);
        }
        Db db = newFleet(options.tenants);
        double flyway = timeFlyway(db, FlywayOp.MIGRATE);
        times.put(FLYWAY, flyway);
        log("F1 Flyway loop: %.0f ms, exactly once: %s", flyway, verify(db, "F1 Flyway loop"));
        keepOrDrop("flyway", db, true);
        double base = times.get(migratorLabel(options.parallel[0]));
        times.forEach((tool, t) -> report.row(work, setLabel(), tool, t, t / base, 1));
        for (int p : options.parallel) {
            double m = times.get(migratorLabel(p));
            report.target(
                    "F1 from empty, P=" + p + ": Migrator >= 3 x faster than the Flyway loop",
                    flyway / m,
                    3.0,
                    "x faster (higher is better)",
                    true);
            report.note(String.format(
                    Locale.ROOT,
                    "F1 per tenant: Migrator P=%d %.1f ms, Flyway loop %.1f ms",
                    p,
                    m / options.tenants,
                    flyway / options.tenants));
        }
    }

    private void keepOrDrop(String key, Db db, boolean keep) {
        if (keep && options.works.contains(2)) {
            atHead.put(key, db);
        } else {
            pg.dropDatabase(db.name());
        }
    }

    // --- work 2: at head ------------------------------------------------------------------------------------

    private void atHead() throws Exception {
        String work = "F2 at head: " + options.tenants + " schema tenants";
        Db migratorDb = atHead.get("migrator-" + options.parallel[options.parallel.length - 1]);
        if (migratorDb == null) {
            migratorDb = newFleet(options.tenants);
            try (Migrator m = migrator(migratorDb, options.parallel[options.parallel.length - 1])) {
                m.upgradeFleet();
            }
            atHead.put("migrator", migratorDb);
        }
        Db flywayDb = atHead.get("flyway");
        if (flywayDb == null) {
            // Not timed (work 1 did not run): Flyway migrates tenant_0001; every other tenant gets the same tables
            // (the same SQL, run by the harness) and a copy of tenant_0001's history, which is what Flyway would
            // have written there. Much sooner than the loop, for a run of work 2 alone.
            flywayDb = newFleet(options.tenants);
            try (var pool = Tool.pool(flywayDb, "flyway-loop")) {
                Flyway.configure()
                        .dataSource(pool)
                        .schemas(tenant(1))
                        .locations("filesystem:" + set.flyway())
                        .load()
                        .migrate();
            }
            copyFlywayTenant(flywayDb);
            atHead.put("flyway", flywayDb);
        }
        Map<String, List<Double>> samples = new LinkedHashMap<>();
        for (int rep = 0; rep < options.reps; rep++) {
            for (int p : options.parallel) {
                String label = migratorLabel(p) + ", new instance";
                samples.computeIfAbsent(label, k -> new ArrayList<>()).add(timeMigrator(migratorDb, p, 0));
            }
            if (options.flywayMigrateAtHead) {
                samples.computeIfAbsent(FLYWAY + ": migrate()", k -> new ArrayList<>())
                        .add(timeFlyway(flywayDb, FlywayOp.MIGRATE));
            }
            samples.computeIfAbsent(FLYWAY + ": validate()", k -> new ArrayList<>())
                    .add(timeFlyway(flywayDb, FlywayOp.VALIDATE));
            log("F2 rep %d: %s", rep, samples);
        }
        // The same instance called again (an application that upgrades its fleet again while running).
        int p0 = options.parallel[0];
        try (Migrator m = migrator(migratorDb, p0)) {
            m.upgradeFleet();
            List<Double> again = new ArrayList<>();
            for (int i = 0; i < options.reps; i++) {
                long start = System.nanoTime();
                FleetReport r = m.upgradeFleet();
                again.add(ms(System.nanoTime() - start));
                if (r.summary().atHead() != options.tenants) {
                    failures.add("F2 same instance: " + r.summaryLine());
                }
            }
            samples.put(migratorLabel(p0) + ", same instance again", again);
        }
        verify(migratorDb, "F2 Migrator");
        verify(flywayDb, "F2 Flyway loop");
        double base = Stats.median(samples.get(migratorLabel(p0) + ", new instance"));
        samples.forEach(
                (tool, s) -> report.row(work, setLabel(), tool, Stats.median(s), Stats.median(s) / base, s.size()));
        double validate = Stats.median(samples.get(FLYWAY + ": validate()"));
        for (int p : options.parallel) {
            double m = Stats.median(samples.get(migratorLabel(p) + ", new instance"));
            report.target("F2 at head, P=" + p + ": whole fleet <= 1 s", m, 1000, "ms");
            report.target(
                    "F2 at head, P=" + p + ": <= 1/50 of the Flyway loop's validate()",
                    m / validate,
                    0.02,
                    "of validate()");
            report.note(String.format(
                            Locale.ROOT,
                            "F2 per tenant: Migrator P=%d %.2f ms, Flyway loop validate() %.2f ms",
                            p,
                            m / options.tenants,
                            validate / options.tenants)
                    + (options.flywayMigrateAtHead
                            ? String.format(
                                    Locale.ROOT,
                                    ", migrate() %.2f ms",
                                    Stats.median(samples.get(FLYWAY + ": migrate()")) / options.tenants)
                            : ""));
        }
    }

    /** Tenants 2..N as Flyway would have left them: the migrations' and the seed's SQL, and tenant_0001's history. */
    private void copyFlywayTenant(Db db) throws Exception {
        StringBuilder sql = new StringBuilder();
        for (int v = 1; v <= FleetSet.count(); v++) {
            sql.append(Files.readString(set.flyway().resolve(FleetSet.fileName(v))))
                    .append('\n');
        }
        sql.append(Files.readString(set.flyway().resolve("R__seed_plans.sql")));
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            int first = 2 + k;
            done.add(threads.submit(() -> {
                try (Connection c = db.connect();
                        Statement s = c.createStatement()) {
                    c.setAutoCommit(false);
                    for (int i = first; i <= options.tenants; i += 4) {
                        String t = tenant(i);
                        s.execute("SET LOCAL search_path TO " + t);
                        s.execute(sql.toString());
                        s.execute("CREATE TABLE " + t + ".flyway_schema_history (LIKE " + tenant(1)
                                + ".flyway_schema_history INCLUDING ALL)");
                        s.execute("INSERT INTO " + t + ".flyway_schema_history SELECT * FROM " + tenant(1)
                                + ".flyway_schema_history");
                        c.commit();
                    }
                }
                return null;
            }));
        }
        for (var f : done) {
            f.get();
        }
        threads.shutdown();
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        }
    }

    // --- work 3: processes started together -----------------------------------------------------------------

    private ChildProcess child(Db db) {
        return ChildProcess.java(
                List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
                FleetChild.class.getName(),
                List.of(
                        db.url(),
                        db.user(),
                        String.valueOf(options.processParallel),
                        set.root().toString()),
                Map.of("BENCH_PASSWORD", db.password()));
    }

    private static String share(ChildProcess.Result r) {
        String share = "no report (exit " + r.exit() + ")";
        for (String line : r.stdout().split("\n")) {
            String[] f = line.split(" ");
            if (line.startsWith("BENCH_FLEET ")) {
                share = f[1] + " upgraded, " + f[2] + " at head, " + f[3] + " failed, " + f[4] + " skipped";
            } else if (line.startsWith("BENCH_FLEET_TIME ")) {
                share += "; tenants' times summed " + f[1] + " ms, of which lock waits " + f[2] + " ms"
                        + (f.length > 3 ? "; JVM CPU " + f[3] + " ms" : "");
            }
        }
        return share;
    }

    private void processes() throws Exception {
        int k = options.processes;
        String work = "F3 " + k + " processes started together (P=" + options.processParallel + " each)";
        Db aloneDb = newFleet(options.tenants);
        ChildProcess.Result alone = child(aloneDb).run();
        if (alone.exit() != 0) {
            failures.add("F3 one process alone exited " + alone.exit() + ": "
                    + alone.stdout().strip());
        }
        String aloneOnce = verify(aloneDb, "F3 one process alone");
        pg.dropDatabase(aloneDb.name());
        log("F3 one process alone: %.0f ms (%s)", alone.wallMs(), share(alone));

        Db db = newFleet(options.tenants);
        List<ChildProcess> children = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            children.add(child(db));
        }
        for (ChildProcess c : children) {
            c.start();
        }
        List<ChildProcess.Result> results = new ArrayList<>();
        for (ChildProcess c : children) {
            results.add(c.await());
        }
        String exactlyOnce = verify(db, "F3 " + k + " processes");
        pg.dropDatabase(db.name());

        report.row(work, setLabel(), "one process alone (whole JVM)", alone.wallMs(), 1.0, 1);
        report.rss("F3 one process alone", "Migrator upgradeFleet() P=" + options.processParallel, alone.peakRssKb());
        report.note(String.format(
                Locale.ROOT,
                "F3 one process alone: %.0f ms whole process, %.0f ms in upgradeFleet(); %s; exactly once: %s",
                alone.wallMs(),
                alone.inProcessMs(),
                share(alone),
                aloneOnce));
        double slowest = 0;
        for (int i = 0; i < k; i++) {
            ChildProcess.Result r = results.get(i);
            if (r.exit() != 0) {
                failures.add("F3 process " + (i + 1) + " exited " + r.exit() + ": "
                        + r.stdout().strip());
            }
            slowest = Math.max(slowest, r.wallMs());
            report.row(work, setLabel(), "process " + (i + 1) + " of " + k, r.wallMs(), r.wallMs() / alone.wallMs(), 1);
            report.rss(
                    "F3 process " + (i + 1) + " of " + k,
                    "Migrator upgradeFleet() P=" + options.processParallel,
                    r.peakRssKb());
            report.note(String.format(
                    Locale.ROOT,
                    "F3 process %d of %d: exit %d, %.0f ms whole process, %.0f ms in upgradeFleet(); %s",
                    i + 1,
                    k,
                    r.exit(),
                    r.wallMs(),
                    r.inProcessMs(),
                    share(r)));
        }
        report.note("F3 " + k + " processes on one fleet: every tenant's 20 migrations exactly once: " + exactlyOnce);
        report.target(
                "F3 " + k + " processes: every tenant migrated exactly once",
                exactlyOnce.equals("yes") ? 1 : 0,
                1,
                "(1 = yes)",
                true);
        report.target(
                "F3 " + k + " processes: slowest <= one process alone + 25 %",
                slowest / alone.wallMs(),
                1.25,
                "x one process alone");
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void log(String format, Object... args) {
        Bench.log(format, args);
    }

    /** Command-line options. */
    static final class Options {
        int tenants = 1000;
        int[] parallel = {1, 4};
        int processParallel = -1;
        int processes = 3;
        int reps = 3;
        int warmUp = 2;
        boolean flywayMigrateAtHead = true;
        List<Integer> works = List.of(1, 2, 3);
        boolean fsync = true;
        Path docs = PerformanceDoc.DEFAULT_PAGE;
        String docsBlock = BLOCK;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--tenants" -> o.tenants = Integer.parseInt(value);
                    case "--parallel" ->
                        o.parallel = Arrays.stream(value.split(","))
                                .mapToInt(Integer::parseInt)
                                .toArray();
                    case "--process-parallel" -> o.processParallel = Integer.parseInt(value);
                    case "--processes" -> o.processes = Integer.parseInt(value);
                    case "--reps" -> o.reps = Integer.parseInt(value);
                    case "--warm-up" -> o.warmUp = Integer.parseInt(value);
                    case "--flyway-migrate-at-head" -> o.flywayMigrateAtHead = value.equals("on");
                    case "--works" ->
                        o.works = Arrays.stream(value.split(","))
                                .map(Integer::valueOf)
                                .toList();
                    case "--fsync" -> o.fsync = value.equals("on");
                    case "--docs" -> o.docs = value.equals("none") ? null : Path.of(value);
                    case "--docs-block" -> o.docsBlock = value;
                    default ->
                        throw new IllegalArgumentException("Unknown option " + args[i]
                                + "; known: --tenants --parallel --process-parallel --processes --reps --warm-up"
                                + " --flyway-migrate-at-head --works --fsync"
                                + " --docs --docs-block");
                }
                i++;
            }
            if (o.processParallel < 1) {
                o.processParallel = Arrays.stream(o.parallel).max().orElse(1);
            }
            if (o.tenants > 9999) {
                throw new IllegalArgumentException("--tenants: at most 9999 (schemas tenant_0001..tenant_9999)");
            }
            return o;
        }

        @Override
        public String toString() {
            return "fleet: tenants " + tenants + ", Migrator parallelism " + Arrays.toString(parallel)
                    + ", processes " + processes + " (P=" + processParallel + " each), reps at head " + reps
                    + ", works " + works + ", fsync " + (fsync ? "on" : "off (test settings)");
        }
    }
}
