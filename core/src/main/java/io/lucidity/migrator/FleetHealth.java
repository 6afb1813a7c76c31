package io.lucidity.migrator;

import io.lucidity.migrator.FleetReport.Outcome;
import io.lucidity.migrator.FleetReport.TenantResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fleet's health, counted the same way by every front end (Spring's health indicator, Quarkus' readiness check):
 * how many tenants are at head, behind, failed or not read yet. Thread-safe: one instance per Migrator, kept across
 * checks.
 *
 * <p>Each {@link #check(FleetReport)} lists the tenants again ({@link Migrator#tenants()}, one query, so a tenant
 * created since the start counts). A tenant the start's report or an earlier check found at head counts as at head
 * without being read again (a tenant does not fall behind while this build runs). Every other tenant (failed or
 * skipped at start, or created since) is read with {@link Migrator#forTenant(String)}{@code .status()}, at most
 * {@code bound} per check, the next check going on where this one stopped. A tenant not read in this check counts as
 * failed when it failed at start, else as unchecked. A tenant read is at head when it has no pending migration, every
 * seed is current and its history holds no problem (an unknown newer migration is no problem with {@code
 * tolerate-newer-schema}); behind when migrations are pending or a seed is not current; failed when a migration
 * failed, is half-applied, changed or unknown, or the tenant cannot be read.
 */
public final class FleetHealth {
    /** How many tenants one check reads at most, unless another bound is given. */
    public static final int DEFAULT_BOUND = 100;

    /** How many failed tenants a check names at most ({@link Counts#failedTenants()}). */
    public static final int NAMED = 5;

    private final Migrator migrator;
    private final int bound;
    /** Tenants a check found at head: not read again. */
    private final Set<String> seenAtHead = ConcurrentHashMap.newKeySet();
    /** Where the next check starts reading, so that successive checks cover a fleet larger than the bound. */
    private final AtomicInteger cursor = new AtomicInteger();

    /**
     * Counts the fleet of {@code migrator}, reading at most {@value #DEFAULT_BOUND} tenants per check.
     *
     * @param migrator a Migrator with a tenant source
     */
    public FleetHealth(Migrator migrator) {
        this(migrator, DEFAULT_BOUND);
    }

    /**
     * @param migrator a Migrator with a tenant source
     * @param bound    how many tenants one check reads at most (at least 1); the next check goes on with the others
     * @throws IllegalArgumentException when {@code bound} is less than 1
     */
    public FleetHealth(Migrator migrator, int bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("bound must be at least 1, was " + bound);
        }
        this.migrator = Objects.requireNonNull(migrator, "migrator");
        this.bound = bound;
    }

    /**
     * Counts the fleet now.
     *
     * @param atStart the fleet upgrade's report at start, or null (then every tenant is read, up to the bound)
     * @return the counts
     * @throws MigratorException when no tenant source is configured or the tenants cannot be listed
     */
    public Counts check(FleetReport atStart) {
        List<String> tenants = migrator.tenants();
        Map<String, Outcome> outcomes = new HashMap<>();
        if (atStart != null) {
            for (TenantResult result : atStart.tenants()) {
                outcomes.put(result.tenant(), result.outcome());
            }
        }
        List<String> toRead = new ArrayList<>();
        int atHead = 0;
        for (String tenant : tenants) {
            Outcome outcome = outcomes.get(tenant);
            if (outcome == Outcome.UPGRADED || outcome == Outcome.AT_HEAD || seenAtHead.contains(tenant)) {
                atHead++;
            } else {
                toRead.add(tenant);
            }
        }
        int behind = 0;
        int unchecked = 0;
        List<String> failed = new ArrayList<>();
        int reads = Math.min(bound, toRead.size());
        int first = toRead.isEmpty() ? 0 : Math.floorMod(cursor.getAndAdd(reads), toRead.size());
        for (int i = 0; i < toRead.size(); i++) {
            String tenant = toRead.get((first + i) % toRead.size());
            State state = i < reads ? read(tenant) : null;
            if (state == State.AT_HEAD) {
                seenAtHead.add(tenant);
                atHead++;
            } else if (state == State.FAILED || outcomes.get(tenant) == Outcome.FAILED) {
                failed.add(tenant);
            } else if (state == State.BEHIND) {
                behind++;
            } else {
                unchecked++;
            }
        }
        List<String> named = failed.stream().sorted().limit(NAMED).toList();
        return new Counts(tenants.size(), atHead, behind, failed.size(), named, unchecked);
    }

    private enum State {
        AT_HEAD,
        BEHIND,
        FAILED
    }

    /** One tenant now. */
    private State read(String tenant) {
        boolean tolerateNewer = migrator.config().tolerateNewerSchema();
        try (Migrator one = migrator.forTenant(tenant)) {
            Status status = one.status();
            if (status.problems().stream()
                    .anyMatch(entry -> !(tolerateNewer && entry.state() == MigrationState.UNKNOWN))) {
                return State.FAILED;
            }
            boolean seedsBehind = status.seeds().stream().anyMatch(seed -> seed.state() != Status.SeedState.CURRENT);
            return status.pending().isEmpty() && !seedsBehind ? State.AT_HEAD : State.BEHIND;
        } catch (MigratorException e) {
            return State.FAILED;
        }
    }

    /**
     * One check's counts.
     *
     * @param tenants       how many tenants the tenant source lists now
     * @param atHead        how many are at head
     * @param behind        how many were read with pending migrations or seeds not current
     * @param failed        how many were read failed (or unreadable), or were not read and failed at start
     * @param failedTenants the first {@value FleetHealth#NAMED} failed tenants, by name
     * @param unchecked     how many were not read in this check and did not fail at start
     */
    public record Counts(int tenants, int atHead, int behind, int failed, List<String> failedTenants, int unchecked) {

        /** Copies the names. */
        public Counts {
            failedTenants = List.copyOf(failedTenants);
        }

        /** True when every tenant is at head. */
        public boolean up() {
            return atHead == tenants;
        }
    }
}
