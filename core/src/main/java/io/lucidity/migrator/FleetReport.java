package io.lucidity.migrator;

import java.time.Duration;
import java.util.List;

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

    private int count(Outcome outcome) {
        return (int) tenants.stream().filter(t -> t.outcome() == outcome).count();
    }
}
