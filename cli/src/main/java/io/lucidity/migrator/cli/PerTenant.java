package io.lucidity.migrator.cli;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A command run once per tenant of the fleet ({@code --tenant-schemas}, {@code --tenant-databases}, {@code --tenants},
 * {@code --tenant-query}): the tenants from {@link Migrator#tenants()}, each through its own
 * {@link Migrator#forTenant(String)}, {@link MigratorConfig#parallelism()} at a time. A tenant's refusal is its
 * result and does not stop the others.
 *
 * <p>Text: one line per tenant ({@code tenant_a: AT_HEAD at revision 3}), a failed tenant's diagnostic on standard
 * error, then a summary line. {@code --json}: one document, {@code {"tenants": [{"tenant", "outcome", ...the
 * command's own fields..., "error"}], "summary": {"total", ...one count per outcome..., "failed"}, "elapsed"}}. The exit
 * code is the highest of the tenants' exit codes: 0 when every tenant is fine.
 */
public final class PerTenant {
    /** The outcome of a tenant whose command was refused, or failed unexpectedly. */
    public static final String FAILED = "FAILED";

    private PerTenant() {}

    /**
     * What the command did on one tenant.
     *
     * @param outcome  a word in upper snake case ({@code AT_HEAD}, {@code BEHIND}, ...), one of the command's outcomes
     * @param exitCode the exit code the command would have for this tenant alone (0: fine)
     * @param text     the tenant's line after {@code tenant: }
     * @param fields   the command's own JSON document for this tenant (a record or a map), merged into the tenant's
     *                 object; or null
     * @param detail   more text printed under the tenant's line (e.g. the SQL of {@code plan}), or null
     */
    public record Result(String outcome, int exitCode, String text, Object fields, String detail) {
        /** A result with exit code 0 and no detail. */
        public static Result of(String outcome, String text, Object fields) {
            return new Result(outcome, 0, text, fields, null);
        }
    }

    /** Whether the configuration names a tenant source, from any settings source. */
    public static boolean configured(MigratorConfig config) {
        return config.tenantSchemas() != null
                || config.tenantDatabases() != null
                || config.tenants() != null
                || config.tenantQuery() != null;
    }

    private record Done(String tenant, Result result, Map<String, Object> error, String diagnostic, Duration time) {}

    /**
     * Runs {@code command} on every tenant and prints the results.
     *
     * @param fleet    the Migrator configured with the tenant source
     * @param out      where to print
     * @param outcomes the command's outcomes other than {@link #FAILED}, in the order the summary counts them
     * @param command  the command on one tenant's Migrator; a {@link MigratorException} is the tenant's refusal
     * @return the highest exit code among the tenants, 0 when every tenant is fine
     * @throws MigratorException when the tenants cannot be listed
     */
    public static int run(Migrator fleet, Output out, List<String> outcomes, Function<Migrator, Result> command) {
        long start = System.nanoTime();
        List<String> tenants = fleet.tenants();
        List<Done> done = each(fleet, tenants, command);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Map<String, Integer> counts = new LinkedHashMap<>();
        outcomes.forEach(outcome -> counts.put(outcome, 0));
        counts.put(FAILED, 0);
        done.forEach(d -> counts.merge(d.result().outcome(), 1, Integer::sum));
        done.stream()
                .filter(d -> d.diagnostic() != null)
                .forEach(d -> out.progress(d.tenant() + ": " + d.diagnostic()));
        if (out.json()) {
            out.json(document(done, counts, elapsed));
        } else {
            for (Done d : done) {
                out.line(d.tenant() + ": " + d.result().text());
                if (d.result().detail() != null) {
                    out.line(d.result().detail().stripTrailing());
                }
            }
            out.line(summaryLine(tenants.size(), counts, elapsed));
        }
        return done.stream().mapToInt(d -> d.result().exitCode()).max().orElse(0);
    }

    private static List<Done> each(Migrator fleet, List<String> tenants, Function<Migrator, Result> command) {
        int threads = Math.max(1, Math.min(fleet.config().parallelism(), tenants.size()));
        if (threads == 1) {
            return tenants.stream().map(t -> one(fleet, t, command)).toList();
        }
        AtomicInteger number = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "migrator-tenant-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Done>> futures = new ArrayList<>();
            tenants.forEach(t -> futures.add(pool.submit(() -> one(fleet, t, command))));
            List<Done> done = new ArrayList<>();
            for (Future<Done> future : futures) {
                done.add(future.get());
            }
            return done;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the tenants ran", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a tenant's run failed outside its command", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One tenant: its own Migrator, closed after; a refusal or an unexpected failure is its result. */
    private static Done one(Migrator fleet, String tenant, Function<Migrator, Result> command) {
        long start = System.nanoTime();
        Result result;
        Map<String, Object> error = null;
        String diagnostic = null;
        try (Migrator migrator = fleet.forTenant(tenant)) {
            result = command.apply(migrator);
        } catch (MigratorException e) {
            error = Output.tenantError(e);
            diagnostic = e.getMessage();
            result = new Result(
                    FAILED, e.code().exitCode(), FAILED + " " + e.code().code() + ": " + e.summary(), null, null);
        } catch (RuntimeException e) {
            error = Output.tenantError(
                    "MIGRATOR-UNEXPECTED",
                    1,
                    String.valueOf(e),
                    String.valueOf(e),
                    Map.of(),
                    "Run again with --debug and report it.");
            result = new Result(FAILED, 1, FAILED + " unexpectedly: " + e, null, null);
            diagnostic = "unexpected failure: " + e + " (run again with --debug for the stack trace)";
        }
        return new Done(tenant, result, error, diagnostic, Duration.ofNanos(System.nanoTime() - start));
    }

    private static Map<String, Object> document(List<Done> done, Map<String, Integer> counts, Duration elapsed) {
        List<Map<String, Object>> tenants = new ArrayList<>();
        for (Done d : done) {
            Map<String, Object> tenant = new LinkedHashMap<>();
            tenant.put("tenant", d.tenant());
            tenant.put("outcome", d.result().outcome());
            if (d.result().fields() != null) {
                tenant.putAll(Output.fields(d.result().fields()));
            }
            tenant.put("time", d.time());
            tenant.put("error", d.error());
            tenants.add(tenant);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total", done.size());
        counts.forEach((outcome, count) -> summary.put(camel(outcome), count));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("tenants", tenants);
        document.put("summary", summary);
        document.put("elapsed", elapsed);
        return document;
    }

    /** {@code Fleet of 3 tenant(s): 2 at head, 1 behind, 0 failed in 52 ms.} */
    private static String summaryLine(int total, Map<String, Integer> counts, Duration elapsed) {
        List<String> parts = new ArrayList<>();
        counts.forEach((outcome, count) ->
                parts.add(count + " " + outcome.toLowerCase(Locale.ROOT).replace('_', ' ')));
        return "Fleet of " + total + " tenant(s): " + String.join(", ", parts) + " in " + elapsed.toMillis() + " ms.";
    }

    /** {@code AT_HEAD} as {@code atHead}, the summary's key. */
    static String camel(String outcome) {
        StringBuilder key = new StringBuilder();
        boolean upper = false;
        for (char c : outcome.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                key.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return key.toString();
    }
}
