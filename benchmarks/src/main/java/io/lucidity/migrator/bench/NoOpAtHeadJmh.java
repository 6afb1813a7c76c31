package io.lucidity.migrator.bench;

import io.lucidity.migrator.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * JMH: the warm no-op at head (work 2c), each tool's same instance called again and again, for 500 and 5,000
 * migrations. {@code scripts/bench.sh --jmh [MIGRATIONS [TOOLS]] [--docs FILE|none]}. The main table's 2c row
 * measures the same thing with a plain loop; this is the rigorous version (forks, warm-up iterations, error bars).
 * The result table (without the percentile rows) is written into {@code docs/performance.md}, block
 * {@code bench-jmh} ({@link PerformanceDoc}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NoOpAtHeadJmh {
    @Param({"500", "5000"})
    public int migrations;

    @Param({"MIGRATOR", "FLYWAY", "LIQUIBASE"})
    public String tool;

    private EmbeddedPostgres pg;
    private Path dir;
    private Tool.Handle handle;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Quiet.apply();
        dir = Files.createTempDirectory("migrator-jmh-");
        GeneratedSet set = GeneratedSet.write(dir, migrations);
        // 5,000 migrations applied in one transaction lock about 12,500 objects (see docs/performance.md, work 1).
        pg = EmbeddedPostgres.builder()
                .setting("max_locks_per_transaction", "1024")
                .start();
        String name = pg.createDatabase();
        Db db = new Db(pg.jdbcUrl(name), pg.user(), pg.password(), pg.host(), pg.port(), name);
        handle = Tool.valueOf(tool).open(db, Workload.of(set));
        handle.migrate();
    }

    @Benchmark
    public int noOpAtHead() throws Exception {
        return handle.migrate();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        handle.close();
        pg.close();
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    public static void main(String[] args) throws Exception {
        Path docs = PerformanceDoc.DEFAULT_PAGE;
        List<String> params = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--docs") && i + 1 < args.length) {
                docs = args[++i].equals("none") ? null : Path.of(args[i]);
            } else {
                params.add(args[i]);
            }
        }
        OptionsBuilder options = new OptionsBuilder();
        options.include(NoOpAtHeadJmh.class.getSimpleName());
        if (params.size() > 0) {
            options.param("migrations", params.get(0).split(","));
        }
        if (params.size() > 1) {
            options.param("tool", params.get(1).split(","));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        if (docs != null) {
            System.err.println("[bench] " + PerformanceDoc.write(docs, "bench-jmh", "```\n" + table(results) + "```"));
        }
    }

    /** JMH's result table, without the percentile rows that sample mode adds under each benchmark. */
    static String table(Collection<RunResult> results) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ResultFormatFactory.getInstance(ResultFormatType.TEXT, new PrintStream(text, true, StandardCharsets.UTF_8))
                .writeOut(results);
        StringBuilder table = new StringBuilder();
        text.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(line -> !line.isBlank() && !line.matches("^\\S*noOpAtHead[:\u00b7].*"))
                .forEach(line -> table.append(line).append('\n'));
        return table.toString();
    }
}
