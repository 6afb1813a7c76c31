package io.lucidity.migrator.bench;

import java.nio.file.Path;

/**
 * A whole process for one tool: opens it, brings the database to head once, exits. The harness times the process
 * from outside; this prints the in-process time (from before configuring the tool to the return of its migrate
 * call) as {@code BENCH_INPROC_MS <ms> <applied>}.
 *
 * <p>Arguments: {@code TOOL JDBC_URL USER DATABASE HOST PORT MIGRATIONS [SEEDS|-] [FLYWAY_DIR] [CHANGELOG]};
 * the password comes from {@code BENCH_PASSWORD}.
 */
public final class OneShot {
    /** Instead of a tool: connect with the driver and run {@code SELECT 1}. */
    static final String FLOOR = "JDBC_FLOOR";

    private OneShot() {}

    public static void main(String[] args) throws Exception {
        Quiet.apply();
        Db db = new Db(args[1], args[2], System.getenv("BENCH_PASSWORD"), args[4], Integer.parseInt(args[5]), args[3]);
        if (args[0].equals(FLOOR)) {
            // The floor every tool stands on: the driver, one login, one query.
            long start = System.nanoTime();
            db.queryLong("SELECT 1");
            System.out.printf(java.util.Locale.ROOT, "BENCH_INPROC_MS %.3f 0%n", (System.nanoTime() - start) / 1e6);
            return;
        }
        Tool tool = Tool.valueOf(args[0]);
        Path migrations = Path.of(args[6]);
        Path seeds = args.length > 7 && !args[7].equals("-") ? Path.of(args[7]) : null;
        Path flywayDir = args.length > 8 ? Path.of(args[8]) : migrations;
        Path changelog = args.length > 9 ? Path.of(args[9]) : migrations.resolveSibling("changelog.xml");
        Workload work = new Workload("one-shot", migrations, seeds, flywayDir, changelog, null);
        long start = System.nanoTime();
        int applied;
        try (Tool.Handle handle = tool.open(db, work)) {
            applied = handle.migrate();
            long took = System.nanoTime() - start;
            System.out.printf(java.util.Locale.ROOT, "BENCH_INPROC_MS %.3f %d%n", took / 1e6, applied);
        }
        System.out.flush();
    }
}
