package io.lucidity.migrator.bench;

import io.lucidity.migrator.FleetReport;
import io.lucidity.migrator.Migrator;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One process of the fleet benchmark's third work: a JVM that configures Migrator, runs {@code upgradeFleet()} over
 * the schemas {@code tenant\_%} once and exits (0 when every tenant is at head, else 1). It prints the in-process time
 * as {@code BENCH_INPROC_MS <ms> <tenants>} and its share as {@code BENCH_FLEET <upgraded> <atHead> <failed>
 * <skipped>}.
 *
 * <p>Arguments: {@code JDBC_URL USER PARALLELISM FLEET_SET_ROOT}; the password comes from {@code BENCH_PASSWORD}.
 */
public final class FleetChild {
    private FleetChild() {}

    public static void main(String[] args) {
        Quiet.apply();
        FleetSet set = new FleetSet(Path.of(args[3]));
        long start = System.nanoTime();
        FleetReport report;
        try (Migrator migrator = FleetBench.migrator(
                args[0], args[1], System.getenv("BENCH_PASSWORD"), set, Integer.parseInt(args[2]))) {
            report = migrator.upgradeFleet();
        }
        double ms = (System.nanoTime() - start) / 1e6;
        FleetReport.Summary s = report.summary();
        System.out.printf(Locale.ROOT, "BENCH_INPROC_MS %.3f %d%n", ms, s.total());
        System.out.printf(Locale.ROOT, "BENCH_FLEET %d %d %d %d%n", s.upgraded(), s.atHead(), s.failed(), s.skipped());
        // Where the time went: the tenants' own times and lock waits, summed (they overlap when parallelism > 1), and
        // this JVM's CPU time (all its threads: the workers, the JIT compilers, the garbage collector).
        System.out.printf(
                Locale.ROOT,
                "BENCH_FLEET_TIME %d %d %d%n",
                report.tenants().stream().mapToLong(t -> t.time().toMillis()).sum(),
                report.tenants().stream()
                        .mapToLong(t -> t.lockWait().toMillis())
                        .sum(),
                cpuMs());
        if (!report.allAtHead()) {
            System.out.println(report.summaryLine());
            report.tenants().stream()
                    .filter(t -> t.error() != null)
                    .limit(5)
                    .forEach(t ->
                            System.out.println(t.tenant() + ": " + t.error().getMessage()));
        }
        System.out.flush();
        System.exit(report.allAtHead() ? 0 : 1);
    }

    /** This JVM's CPU time so far in ms, or -1 where the platform does not tell. */
    private static long cpuMs() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            return nanos < 0 ? -1 : nanos / 1_000_000;
        }
        return -1;
    }
}
