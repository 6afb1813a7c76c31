package io.lucidity.migrator;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Migrator#upgradeFleet()} did: one result per tenant, in the order the tenant source gave them.
 *
 * @param tenants each tenant's result
 * @param elapsed how long the whole fleet took
 */
public record FleetReport(List<TenantResult> tenants, Duration elapsed) {

    /** Copies the tenants' results. */
    public FleetReport {
        tenants = List.copyOf(tenants);
    }

    /** What happened to one tenant. */
    public enum Outcome {
        /** Migrations, seeds or bookkeeping tables were applied: the tenant is at head now. */
        UPGRADED,
        /** The tenant already agreed with this build (or another instance brought it there while this one waited). */
        AT_HEAD,
        /** The tenant was refused with a diagnostic ({@link TenantResult#error()}); the others went on. */
        FAILED,
        /** The tenant was not attempted: the fleet upgrade was interrupted before its turn. */
        SKIPPED
    }

    /**
     * One tenant's result.
     *
     * @param tenant       the tenant (its schema)
     * @param outcome      what happened
     * @param fromRevision the revision before, or null when not known (failed before it was read, or skipped)
     * @param toRevision   the revision after, or null when not known
     * @param migrations   how many migrations were applied
     * @param seeds        how many seeds ran
     * @param lockWait     how long the upgrade waited for the tenant's migration lock held by another session (zero
     *                     when it was free)
     * @param time         how long the tenant took
     * @param error        the refusal when {@link Outcome#FAILED}, else null
     */
    public record TenantResult(
            String tenant,
            Outcome outcome,
            String fromRevision,
            String toRevision,
            int migrations,
            int seeds,
            Duration lockWait,
            Duration time,
            MigratorException error) {

        /** One line: {@code tenant_a: UPGRADED from base to 3 (3 migration(s), 1 seed(s)) in 120 ms}. */
        public String summary() {
            return switch (outcome) {
                case UPGRADED ->
                    tenant + ": UPGRADED from " + fromRevision + " to " + toRevision + " (" + migrations
                            + " migration(s), " + seeds + " seed(s)"
                            + (lockWait.toMillis() == 0 ? "" : ", waited " + lockWait.toMillis() + " ms for the lock")
                            + ") in "
                            + time.toMillis() + " ms";
                case AT_HEAD -> tenant + ": AT_HEAD at revision " + toRevision + " in " + time.toMillis() + " ms";
                case FAILED -> tenant + ": FAILED " + error.code().code() + ": " + error.summary();
                case SKIPPED -> tenant + ": SKIPPED (not attempted)";
            };
        }
    }

    /**
     * How many tenants ended how.
     *
     * @param total    every tenant
     * @param upgraded upgraded now
     * @param atHead   at head already
     * @param failed   refused
     * @param skipped  not attempted
     */
    public record Summary(int total, int upgraded, int atHead, int failed, int skipped) {}

    /** How many tenants ended how. */
    public Summary summary() {
        return new Summary(
                tenants.size(),
                count(Outcome.UPGRADED),
                count(Outcome.AT_HEAD),
                count(Outcome.FAILED),
                count(Outcome.SKIPPED));
    }

    /** True when every tenant is at head (upgraded now or already). */
    public boolean allAtHead() {
        return tenants.stream().allMatch(t -> t.outcome() == Outcome.UPGRADED || t.outcome() == Outcome.AT_HEAD);
    }

    /** The result of {@code tenant}, or null when it is not in the fleet. */
    public TenantResult tenant(String tenant) {
        return tenants.stream()
                .filter(t -> t.tenant().equals(tenant))
                .findFirst()
                .orElse(null);
    }

    /**
     * The exit code of the worst refusal: the highest {@link DiagnosticCode#exitCode()} among the failed tenants; 1
     * when a tenant was skipped (interrupted) and none failed; 0 when every tenant is at head.
     */
    public int exitCode() {
        int worst = tenants.stream()
                .filter(t -> t.error() != null)
                .mapToInt(t -> t.error().code().exitCode())
                .max()
                .orElse(0);
        return worst == 0 && !allAtHead() ? DiagnosticCode.INTERRUPTED.exitCode() : worst;
    }

    /** One line for the log: {@code Fleet of 3 tenant(s): 2 upgraded, 0 at head, 1 failed, 0 skipped in 812 ms.} */
    public String summaryLine() {
        Summary s = summary();
        return "Fleet of " + s.total() + " tenant(s): " + s.upgraded() + " upgraded, " + s.atHead() + " at head, "
                + s.failed() + " failed, " + s.skipped() + " skipped in " + elapsed.toMillis() + " ms.";
    }

    /** How many failed tenants {@link #refusal} names as facts; the rest are counted. */
    private static final int SHOWN = 5;

    /**
     * The refusal a front end raises when this fleet upgrade left a tenant behind: the worst tenant's code (the
     * highest exit code, as {@link #exitCode()} picks it) and type, the failed tenants as facts (at most five, then a
     * count), and the worst tenant's remedy followed by how to continue, in the words of {@code integration} (the
     * Spring starter: "start the application again").
     *
     * @return the refusal, or null when every tenant is at head
     */
    public MigratorException refusal(Integration integration) {
        if (allAtHead()) {
            return null;
        }
        String again = switch (integration.kind()) {
            case CODE -> "Call upgradeFleet() again";
            case CLI -> "Run the same migrator upgrade again";
            case SPRING -> "Start the application again";
            case QUARKUS -> "Restart the application";
        };
        List<TenantResult> failed =
                tenants.stream().filter(t -> t.outcome() == Outcome.FAILED).toList();
        Summary s = summary();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("fleet", summaryLine());
        if (failed.isEmpty()) {
            return MigratorException.of(
                    DiagnosticCode.INTERRUPTED,
                    "The fleet upgrade was interrupted: " + s.skipped() + " of " + s.total()
                            + " tenant(s) were not attempted.",
                    facts,
                    again + ": the upgrade continues with the tenants that are not at head.",
                    null);
        }
        failed.stream()
                .limit(SHOWN)
                .forEach(t -> facts.put(
                        "tenant " + t.tenant(),
                        t.error().code().code() + ": " + t.error().summary()));
        if (failed.size() > SHOWN) {
            facts.put("more", "… and " + (failed.size() - SHOWN) + " more failed tenant(s)");
        }
        TenantResult worst = failed.stream()
                .max(Comparator.comparingInt(t -> t.error().code().exitCode()))
                .orElseThrow();
        String remedy = worst.error().remedy();
        return MigratorException.of(
                worst.error().code(),
                s.failed() + " of " + s.total() + " tenant(s) refused the upgrade; the worst is " + worst.tenant()
                        + " (" + worst.error().code().code() + "). The other tenants are at head.",
                facts,
                "For tenant " + worst.tenant() + ": "
                        + (remedy == null || remedy.isBlank() ? "correct the cause named above." : remedy) + " Then "
                        + again.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + again.substring(1)
                        + ": the upgrade continues with the tenants that are not at head.",
                worst.error());
    }

    private int count(Outcome outcome) {
        return (int) tenants.stream().filter(t -> t.outcome() == outcome).count();
    }
}
