package io.lucidity.migrator.internal;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.FleetReport;
import io.lucidity.migrator.FleetReport.Outcome;
import io.lucidity.migrator.FleetReport.TenantResult;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.SeedResult;
import io.lucidity.migrator.UpgradeReport;
import io.lucidity.migrator.internal.config.FrontEnd;
import io.lucidity.migrator.internal.config.Settings;
import io.lucidity.migrator.internal.history.Bookkeeping;
import io.lucidity.migrator.internal.history.BookkeepingTables;
import io.lucidity.migrator.internal.history.FleetProbe;
import io.lucidity.migrator.internal.history.FleetSummary;
import io.lucidity.migrator.internal.history.StateProbe;
import io.lucidity.migrator.internal.jdbc.Connections;
import io.lucidity.migrator.internal.jdbc.SafeSession;
import io.lucidity.migrator.internal.jdbc.Sql;
import io.lucidity.migrator.internal.resolve.MigrationCatalog;
import io.lucidity.migrator.internal.seed.SeedCatalog;
import io.lucidity.migrator.internal.seed.SeedFile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet upgrade: every schema tenant brought to head as the single-schema {@link Upgrade} with the tenant as
 * its schema, under the tenant's own migration lock (whose key derives from database and schema).
 *
 * <p>Instances share the work through those locks, with no coordinator: a first pass tries each tenant's lock
 * without waiting and leaves a tenant that another instance holds for later (with fleet slots, in an order of the
 * instance's own: see {@link #slotted}); a second pass comes back to those, waiting at most {@code lock-timeout}
 * each. The other instance has usually finished by then, and the re-check under the lock finds the tenant at head:
 * every tenant is migrated exactly once. A tenant's refusal is recorded in its result and the others go on.
 */
public final class Fleet {
    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);

    /** The placeholder (migrations) and seed variable ({@code ${env:tenant}}, declarative seeds) naming the tenant. */
    public static final String TENANT = "tenant";

    /** A tenant name: a plain SQL identifier, the same rule as the {@code schema} setting; never quoted or escaped. */
    private static final Pattern IDENTIFIER = Pattern.compile("[\\p{L}_][\\p{L}\\p{M}\\p{Nd}_$]*");

    private static final int MAX_NAME_BYTES = 63;

    private static final String SCHEMAS_LIKE = """
            SELECT nspname FROM pg_catalog.pg_namespace
             WHERE nspname LIKE ? AND nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
             ORDER BY nspname COLLATE "C"
            """;

    private static final String DATABASES_LIKE = """
            SELECT datname FROM pg_catalog.pg_database
             WHERE datname LIKE ? AND datallowconn AND NOT datistemplate
             ORDER BY datname COLLATE "C"
            """;

    private final Workspace ws;
    private FleetSlots slots;
    /** This build's state at head and the probe that found it, once the fleet-wide check ran; else null. */
    private volatile Expected expected;

    private volatile FleetProbe fleetProbe;
    /** The tenants whose state the fleet-wide check read from the fleet summary or stored there (nothing to keep). */
    private volatile Set<String> fromSummary = Set.of();

    private final BiFunction<String, Duration, MigratorConfig> tenantConfig;

    private Fleet(Workspace ws, BiFunction<String, Duration, MigratorConfig> tenantConfig) {
        this.ws = ws;
        this.tenantConfig = tenantConfig;
    }

    /**
     * Upgrades every tenant of {@code ws}'s configuration to head.
     *
     * @param tenantConfig a tenant's configuration, with the given lock timeout
     * @throws MigratorException when no tenant source is configured, or the tenants cannot be listed
     */
    public static FleetReport upgrade(Workspace ws, BiFunction<String, Duration, MigratorConfig> tenantConfig) {
        long start = System.nanoTime();
        Fleet fleet = new Fleet(ws, tenantConfig);
        Listed listed = fleet.listAndCheck();
        List<String> tenants = listed.tenants();
        Map<String, TenantResult> atHead = listed.atHead();
        LOG.info(
                "[migrator] Upgrading {} of a fleet of {} tenant(s), {} at a time",
                tenants.size() - atHead.size(),
                tenants.size(),
                ws.config().parallelism());
        List<String> rest = tenants.stream().filter(t -> !atHead.containsKey(t)).toList();
        Map<String, TenantResult> results = new LinkedHashMap<>();
        fleet.run(rest).forEach(r -> results.put(r.tenant(), r));
        fleet.keepSummary(tenants, atHead.keySet());
        List<TenantResult> ordered = new ArrayList<>();
        for (String tenant : tenants) {
            ordered.add(atHead.containsKey(tenant) ? atHead.get(tenant) : results.get(tenant));
        }
        FleetReport report = new FleetReport(ordered, Duration.ofNanos(System.nanoTime() - start));
        LOG.info("[migrator] {}", report.summaryLine());
        return report;
    }

    /**
     * Refuses a bad tenant source or parallelism (called when a configuration is built).
     *
     * @throws MigratorException {@code MIGRATOR-CONFIG} naming the setting
     */
    public static void validate(MigratorConfig c) {
        if (c.parallelism() < 1) {
            throw invalid("parallel", "is " + c.parallelism(), "Give 1 or more tenants at a time.");
        }
        if (c.tenantDatabases() != null && c.tenantDatabases().isBlank()) {
            throw invalid("tenant-databases", "is empty", "Give a LIKE pattern over database names, e.g. tenant\\_%.");
        }
        if (c.tenantDatabases() != null && c.url() == null) {
            FrontEnd frontEnd = FrontEnd.of(c.integration());
            throw invalid(
                    "tenant-databases",
                    "is set while Migrator works on a DataSource, which reaches one database only",
                    "Set " + frontEnd.name("url") + " to a jdbc:postgresql:// URL of the server (its database is the "
                            + "one the tenant databases are listed from; each tenant is reached at the same URL with "
                            + "its own database), or use schema tenants (" + frontEnd.name("tenant-schemas") + ").");
        }
        if (c.tenantSchemas() != null && c.tenantSchemas().isBlank()) {
            throw invalid("tenant-schemas", "is empty", "Give a LIKE pattern over schema names, e.g. tenant\\_%.");
        }
        if (c.tenantQuery() != null && c.tenantQuery().isBlank()) {
            throw invalid(
                    "tenant-query",
                    "is empty",
                    "Give a query whose first column names the tenant schemas, e.g. SELECT name FROM control.tenants.");
        }
        if (c.tenants() != null) {
            if (c.tenants().isEmpty()) {
                throw invalid("tenants", "is empty", "Name at least one tenant schema.");
            }
            for (String name : c.tenants()) {
                String problem = problem(name);
                if (problem != null) {
                    throw invalid("tenants", "holds '" + name + "', which " + problem, REMEDY);
                }
            }
        }
    }

    private static final String REMEDY = "Name tenant schemas with letters, digits and underscores, starting with a "
            + "letter or underscore (at most " + MAX_NAME_BYTES + " bytes in UTF-8).";

    /**
     * Refuses a name that is not a tenant name.
     *
     * @throws MigratorException {@code MIGRATOR-CONFIG} naming the tenant
     */
    public static void requireTenantName(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw MigratorException.of(
                    DiagnosticCode.CONFIG_INVALID,
                    "The tenant '" + name + "' " + problem + ".",
                    Facts.of("tenant", String.valueOf(name)).map(),
                    REMEDY,
                    null);
        }
    }

    /** The four tenant sources in a front end's words. */
    private static String sources(FrontEnd frontEnd) {
        return frontEnd.name("tenant-schemas") + ", " + frontEnd.name("tenant-databases") + ", "
                + frontEnd.name("tenants") + " or " + frontEnd.name("tenant-query");
    }

    /** Why {@code name} is not a tenant name, or null when it is one. */
    static String problem(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            return "is not a plain SQL identifier";
        }
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            return "is longer than " + MAX_NAME_BYTES + " bytes";
        }
        return null;
    }

    private static MigratorException invalid(String key, String problem, String remedy) {
        return Settings.invalid(key, problem, remedy);
    }

    /**
     * The tenants of {@code ws}'s tenant source, each once, in the source's order (pattern: by name).
     *
     * @throws MigratorException when no tenant source is configured, or the tenants cannot be listed
     */
    public static List<String> list(Workspace ws) {
        return new Fleet(ws, null).tenants();
    }

    /** The tenants, each once, in the source's order (pattern: by name). */
    private List<String> tenants() {
        MigratorConfig c = ws.config();
        if (c.tenants() != null) {
            return List.copyOf(new LinkedHashSet<>(c.tenants()));
        }
        requireSource(c);
        try (Connection connection = ws.connections().app()) {
            return listOn(connection);
        } catch (SQLException e) {
            throw ws.diagnostics().databaseError("Listing the tenants", e);
        }
    }

    private static void requireSource(MigratorConfig c) {
        if (c.tenantSchemas() == null && c.tenantQuery() == null && c.tenantDatabases() == null) {
            throw invalid(
                    "tenant-schemas",
                    "is not set, nor tenants or tenant-query: a fleet upgrade has no tenants",
                    "Give one tenant source: " + sources(FrontEnd.of(c.integration())) + ".");
        }
    }

    /** The tenants of a pattern or a query, read on {@code connection}. */
    private List<String> listOn(Connection connection) throws SQLException {
        MigratorConfig c = ws.config();
        LinkedHashSet<String> names = new LinkedHashSet<>();
        if (c.tenantSchemas() != null || c.tenantDatabases() != null) {
            boolean databases = c.tenantDatabases() != null;
            try (PreparedStatement ps = connection.prepareStatement(databases ? DATABASES_LIKE : SCHEMAS_LIKE)) {
                ps.setString(1, databases ? c.tenantDatabases() : c.tenantSchemas());
                read(ps.executeQuery(), names);
            }
        } else {
            try (Statement st = connection.createStatement()) {
                read(st.executeQuery(c.tenantQuery()), names);
            }
        }
        return List.copyOf(names);
    }

    /** The tenants, and those of them found at head by the fleet-wide check. */
    private record Listed(List<String> tenants, Map<String, TenantResult> atHead) {}

    /**
     * Lists the tenants and checks the schema tenants at head. When the application and migrations log in alike, a
     * pattern or a query is read on the connection the check then uses: one connection for both.
     */
    private Listed listAndCheck() {
        MigratorConfig c = ws.config();
        if (c.tenantDatabases() != null) {
            List<String> tenants = tenants();
            return new Listed(tenants, checkDatabasesAtHead(tenants));
        }
        if (c.tenants() != null || Connections.separateMigrationLogin(c)) {
            List<String> tenants = tenants();
            return new Listed(tenants, checkAtHead(tenants, null));
        }
        requireSource(c);
        List<String> tenants;
        try (Connection connection = ws.connections().migration()) {
            try {
                tenants = listOn(connection);
            } catch (SQLException e) {
                throw ws.diagnostics().databaseError("Listing the tenants", e);
            }
            return new Listed(tenants, checkAtHead(tenants, connection));
        } catch (SQLException e) { // closing the connection
            throw ws.diagnostics().databaseError("Listing the tenants", e);
        }
    }

    private static void read(ResultSet rs, LinkedHashSet<String> names) throws SQLException {
        try (rs) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
    }

    /**
     * The schema tenants that already agree with this build, found for the whole fleet at once ({@link FleetProbe}):
     * each reported {@code AT_HEAD} without a connection, a Workspace or a lock of its own. The others (and every
     * tenant when the fleet-wide check cannot run) are left to {@link #run}, whose upgrade checks them one by one and
     * again under the lock. Database tenants are each checked on their own connection by {@link #run}.
     */
    private Map<String, TenantResult> checkAtHead(List<String> tenants, Connection listedOn) {
        MigratorConfig c = ws.config();
        List<String> named = tenants.stream().filter(t -> problem(t) == null).toList();
        if (c.tenantDatabases() != null || named.isEmpty()) {
            return Map.of();
        }
        long start = System.nanoTime();
        try (Workspace first = new Workspace(tenantConfig.apply(named.get(0), Duration.ZERO))) {
            Expected expected = new Expected(first);
            FleetProbe probe = new FleetProbe(c.table(), new FleetSummary(c.schema(), c.table()));
            Map<String, StateProbe.Result> states;
            if (listedOn != null) {
                states = checkOn(listedOn, probe, named, expected);
            } else {
                try (Connection connection = ws.connections().migration()) {
                    states = checkOn(connection, probe, named, expected);
                }
            }
            this.expected = expected;
            this.fleetProbe = probe;
            Map<String, TenantResult> atHead = new LinkedHashMap<>();
            for (Map.Entry<String, StateProbe.Result> state : states.entrySet()) {
                if (expected.agrees(state.getKey(), state.getValue())) {
                    atHead.put(state.getKey(), null);
                }
            }
            Duration share = atHead.isEmpty() ? Duration.ZERO : elapsed(start).dividedBy(named.size());
            String revision = expected.revision();
            atHead.replaceAll((tenant, none) ->
                    new TenantResult(tenant, Outcome.AT_HEAD, revision, revision, 0, 0, Duration.ZERO, share, null));
            LOG.info(
                    "[migrator] {} of {} tenant(s) at head at revision {}, found by one check for the fleet in {} ms",
                    atHead.size(),
                    tenants.size(),
                    revision,
                    elapsed(start).toMillis());
            return atHead;
        } catch (SQLException | MigratorException e) {
            LOG.debug(
                    "[migrator] The fleet-wide check at head did not run; each tenant is checked on its own: {}",
                    e.getMessage());
            return Map.of();
        }
    }

    /**
     * The database tenants that already agree with this build, each checked on one connection to its database (the
     * session's hardening with the bookkeeping inspection, then the state probe: 2 round trips) against this build's
     * expectations resolved once, without a Workspace of its own or the lock. A tenant that does not agree, or whose
     * check fails, is left to {@link #run}.
     */
    private Map<String, TenantResult> checkDatabasesAtHead(List<String> tenants) {
        List<String> named = tenants.stream().filter(t -> problem(t) == null).toList();
        if (named.isEmpty()) {
            return Map.of();
        }
        long start = System.nanoTime();
        Map<String, TenantResult> atHead = new LinkedHashMap<>();
        try (Workspace first = new Workspace(tenantConfig.apply(named.get(0), Duration.ZERO))) {
            Expected expected = new Expected(first);
            String revision = expected.revision();
            BookkeepingTables tables =
                    new BookkeepingTables(ws.config().schema(), ws.config().table());
            Map<String, TenantResult> found = new ConcurrentHashMap<>();
            eachInParallel(named, tenant -> {
                long own = System.nanoTime();
                if (databaseAtHead(tenant, tables, expected)) {
                    found.put(
                            tenant,
                            new TenantResult(
                                    tenant,
                                    Outcome.AT_HEAD,
                                    revision,
                                    revision,
                                    0,
                                    0,
                                    Duration.ZERO,
                                    elapsed(own),
                                    null));
                }
            });
            named.stream().filter(found::containsKey).forEach(t -> atHead.put(t, found.get(t)));
        } catch (MigratorException e) {
            LOG.debug(
                    "[migrator] The check at head of the databases did not run; each is upgraded on its own: {}",
                    e.getMessage());
            return Map.of();
        }
        LOG.info(
                "[migrator] {} of {} database tenant(s) at head, checked one connection each ({} at a time) in {} ms",
                atHead.size(),
                tenants.size(),
                ws.config().parallelism(),
                elapsed(start).toMillis());
        return atHead;
    }

    /** Runs {@code work} for each item, {@code parallelism} at a time (the calling thread takes part). */
    private <T> void eachInParallel(List<T> items, Consumer<T> work) {
        int threads = Math.max(1, Math.min(ws.config().parallelism(), items.size()));
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < items.size(); i = next.getAndIncrement()) {
                work.accept(items.get(i));
            }
        };
        if (threads == 1) {
            worker.run();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads - 1, new Named());
        try {
            List<Future<?>> others = new ArrayList<>();
            for (int t = 1; t < threads; t++) {
                others.add(pool.submit(worker));
            }
            worker.run();
            for (Future<?> other : others) {
                other.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw rethrown(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** True when the database {@code tenant} agrees with this build (false when it does not or cannot be checked). */
    private boolean databaseAtHead(String tenant, BookkeepingTables tables, Expected expected) {
        try (Connections connections = new Connections(tenantConfig.apply(tenant, Duration.ZERO))) {
            SafeSession.Hardened<Bookkeeping> opened = connections.migration(Bookkeeping.query(tables));
            try (Connection c = opened.connection()) {
                Bookkeeping state = opened.first() != null ? opened.first() : Bookkeeping.inspect(c, tables);
                if (!state.untrusted().isEmpty()) {
                    return false; // refused by the tenant's own upgrade, with its diagnostic
                }
                StateProbe.Result probe =
                        new StateProbe(tables).probe(c, state, ws.extensionNames(), expected.seedNames());
                return expected.agrees(tenant, probe);
            }
        } catch (SQLException | MigratorException e) {
            LOG.debug("[migrator] Database tenant {} not checked at head here: {}", tenant, e.getMessage());
            return false;
        }
    }

    /**
     * The state of each schema tenant that can be checked together, on {@code connection}: the catalog query, then the
     * fleet summary's rows for the tenants whose fleet triggers are live (one statement), then the tenants' own tables
     * for the others (one statement per {@link FleetProbe#CHUNK}), whose state is then stored in the fleet summary for
     * the next check. JIT compilation is off meanwhile: these catalog-heavy statements are planned once and run in
     * milliseconds, and compiling them would cost more than running them.
     */
    private Map<String, StateProbe.Result> checkOn(
            Connection connection, FleetProbe probe, List<String> named, Expected expected) throws SQLException {
        return withoutJit(connection, () -> {
            FleetProbe.Candidates candidates = probe.candidates(connection, named, ws.extensionNames());
            Map<String, StateProbe.Result> states = new LinkedHashMap<>();
            if (candidates.fleetTrusted() && !candidates.fleetXmins().isEmpty()) {
                List<String> installed = List.copyOf(candidates.fleetXmins().keySet());
                probe.fleet().read(connection, installed, expected.seedNames()).forEach((tenant, row) -> {
                    if (row.triggerXmins().equals(candidates.fleetXmins().get(tenant))) {
                        states.put(tenant, row.result(candidates.extensions(), candidates.inRecovery()));
                    }
                });
            }
            Set<String> kept = new HashSet<>(states.keySet());
            List<String> rest = candidates.probed().stream()
                    .filter(t -> !states.containsKey(t))
                    .toList();
            if (!rest.isEmpty()) {
                Map<String, Long> generations = new LinkedHashMap<>();
                Map<String, StateProbe.Result> probed =
                        probe.probe(connection, candidates, rest, expected.seedNames(), generations);
                states.putAll(probed);
                if (!candidates.inRecovery() && !generations.isEmpty()) {
                    // The last statement: when it fails, the transaction (nothing else written) is rolled back.
                    probe.fleet().store(connection, probed, generations, candidates.fleetXmins(), expected.seedNames());
                    kept.addAll(generations.keySet());
                }
            }
            fromSummary = Set.copyOf(kept);
            return states;
        });
    }

    /**
     * Runs {@code work} in one transaction with JIT compilation off ({@code set_config(..., true)}: for this
     * transaction only, nothing to put back): the fleet's catalog-heavy statements are planned with costs that reach
     * {@code jit_above_cost} while they run in milliseconds, and compiling them would cost more than running them.
     */
    private static <T> T withoutJit(Connection connection, Sql.Work<T> work) throws SQLException {
        return Sql.inTransaction(connection, () -> {
            Sql.queryString(connection, "SELECT pg_catalog.set_config('jit', 'off', true)");
            return work.run();
        });
    }

    /**
     * Keeps the fleet summary for the next check, after a run: sets it up where it is missing (the table, then each
     * tenant's triggers, skipping a tenant whose tables are busy) and stores the state of every tenant but those the
     * check found at head and read from it or stored (so: those upgraded or refused now, or not yet set up). Costs one
     * catalog query and one statement per {@link FleetProbe#CHUNK} tenants, plus a short transaction per tenant set
     * up; never fails the run.
     */
    private void keepSummary(List<String> tenants, Set<String> atHead) {
        MigratorConfig c = ws.config();
        Expected known = expected;
        Set<String> served = fromSummary;
        if (c.tenantDatabases() != null || known == null) {
            return;
        }
        List<String> rest = tenants.stream()
                .filter(t -> problem(t) == null && !(atHead.contains(t) && served.contains(t)))
                .toList();
        if (rest.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        FleetSummary fleet = new FleetSummary(c.schema(), c.table());
        FleetProbe probe = new FleetProbe(c.table(), fleet);
        try (Connection connection = ws.connections().migration()) {
            if (!fleet.ensureTable(connection)) {
                LOG.debug("[migrator] No fleet summary: {} cannot be created", fleet.qualified());
                return;
            }
            FleetProbe.Candidates before =
                    withoutJit(connection, () -> probe.candidates(connection, rest, ws.extensionNames()));
            if (!before.fleetTrusted() || before.inRecovery()) {
                return;
            }
            List<String> missing = before.probed().stream()
                    .filter(t -> !before.fleetXmins().containsKey(t))
                    .toList();
            int installed = install(fleet, connection, missing);
            boolean anyInstalled = installed > 0;
            Map<String, Long> generations = new LinkedHashMap<>();
            withoutJit(connection, () -> {
                FleetProbe.Candidates live =
                        anyInstalled ? probe.candidates(connection, rest, ws.extensionNames()) : before;
                Map<String, StateProbe.Result> probed = probe.probe(
                        connection, live, List.copyOf(live.fleetXmins().keySet()), known.seedNames(), generations);
                fleet.store(connection, probed, generations, live.fleetXmins(), known.seedNames());
                return null;
            });
            LOG.debug(
                    "[migrator] Fleet summary kept for {} tenant(s) ({} set up) in {} ms",
                    generations.size(),
                    installed,
                    elapsed(start).toMillis());
        } catch (SQLException | MigratorException e) {
            LOG.debug("[migrator] The fleet summary was not kept: {}", e.getMessage());
        }
    }

    /**
     * Sets up the fleet summary of {@code tenants}, {@code parallelism} at a time (each a short transaction of its
     * own, on a connection per thread; the calling thread uses {@code connection}).
     *
     * @return how many were set up
     */
    private int install(FleetSummary fleet, Connection connection, List<String> tenants) {
        AtomicInteger installed = new AtomicInteger();
        ThreadLocal<Connection> own = new ThreadLocal<>();
        List<Connection> opened = new CopyOnWriteArrayList<>();
        Thread caller = Thread.currentThread();
        try {
            eachInParallel(tenants, tenant -> {
                Connection c = Thread.currentThread() == caller ? connection : own.get();
                if (c == null) {
                    try {
                        // With a URL, a session of its own: the Workspace's pool holds 2 connections, one of them the
                        // caller's, so a third thread would wait the whole connect-timeout for one.
                        c = ws.config().url() != null
                                ? ws.connections().direct()
                                : ws.connections().migration();
                    } catch (SQLException | MigratorException e) {
                        return; // this thread sets none up; the others go on
                    }
                    own.set(c);
                    opened.add(c);
                }
                if (fleet.install(c, tenant)) {
                    installed.incrementAndGet();
                }
            });
        } finally {
            for (Connection c : opened) {
                try {
                    c.close();
                } catch (SQLException e) {
                    LOG.debug("[migrator] Closing a fleet summary set-up connection: {}", e.getMessage());
                }
            }
        }
        return installed.get();
    }

    private static Map<String, StateProbe.Result> probeOn(
            Connection connection, FleetProbe probe, FleetProbe.Candidates candidates, Expected expected)
            throws SQLException {
        return candidates.probed().isEmpty() ? Map.of() : probe.probe(connection, candidates, expected.seedNames());
    }

    /**
     * What a tenant at head holds, from this build: its migrations and seeds are resolved once, for the first tenant.
     * A JSON or YAML seed holding a {@code ${...}} reference (whose value, such as {@code ${env:tenant}}, may differ by
     * tenant) has its checksum computed again for each tenant, from the bytes already read; a repeatable migration
     * holding one makes each tenant's migrations resolved again (the files read again), in memory, without a
     * connection.
     */
    private final class Expected {
        private final Workspace first;
        private final MigrationCatalog migrations;
        private final List<SeedFile> seeds;
        private final MigrationVersion target;
        private final boolean repeatablesByTenant;
        private final boolean seedsByTenant;

        Expected(Workspace first) {
            this.first = first;
            this.migrations = first.catalog();
            this.seeds = first.seeds();
            this.target = migrations.resolveRevision("head");
            this.repeatablesByTenant =
                    migrations.repeatable().stream().anyMatch(m -> m.sql().contains("${"));
            this.seedsByTenant = seeds.stream().anyMatch(SeedCatalog::dependsOnVariables);
        }

        String[] seedNames() {
            return seeds.stream().map(SeedFile::name).toArray(String[]::new);
        }

        String revision() {
            return target == null ? "base" : target.toString();
        }

        boolean agrees(String tenant, StateProbe.Result state) {
            if (!repeatablesByTenant && !seedsByTenant) {
                return first.fastPath().agrees(state, migrations, seeds, target, true);
            }
            MigratorConfig config = tenantConfig.apply(tenant, Duration.ZERO);
            List<SeedFile> own = seedsByTenant ? SeedCatalog.withVariablesOf(seeds, config) : seeds;
            if (!repeatablesByTenant) {
                return first.fastPath().agrees(state, migrations, own, target, true);
            }
            try (Workspace workspace = new Workspace(config)) {
                return first.fastPath().agrees(state, workspace.catalog(), own, target, true);
            }
        }
    }

    /** Both passes: without waiting for a lock, then waiting for the tenants another instance held. */
    private List<TenantResult> run(List<String> tenants) {
        Map<String, TenantResult> results = new LinkedHashMap<>();
        tenants.forEach(t -> results.put(t, null));
        int threads = Math.max(1, Math.min(ws.config().parallelism(), tenants.size()));
        ExecutorService pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, new Named());
        slots = FleetSlots.of(ws);
        try {
            List<String> held = pass(pool, tenants, true, results);
            if (!held.isEmpty()) {
                LOG.info(
                        "[migrator] {} tenant(s) locked by another instance, coming back to them: {}",
                        held.size(),
                        held);
                pass(pool, held, false, results);
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
            if (slots != null) {
                slots.close();
            }
        }
        List<TenantResult> ordered = new ArrayList<>();
        results.forEach((tenant, result) -> ordered.add(result != null ? result : skipped(tenant)));
        return ordered;
    }

    /**
     * One pass over {@code tenants}, recording each result.
     *
     * @return the tenants whose lock another instance held (first pass only)
     */
    private List<String> pass(
            ExecutorService pool, List<String> tenants, boolean first, Map<String, TenantResult> results) {
        if (first && slots != null) {
            return slotted(pool, tenants, results);
        }
        List<String> held = new ArrayList<>();
        if (pool == null) {
            for (String tenant : tenants) {
                if (Thread.currentThread().isInterrupted()) {
                    return held;
                }
                record(tenant, attempt(tenant, first), results, held);
            }
            return held;
        }
        Map<String, Future<TenantResult>> futures = new LinkedHashMap<>();
        tenants.forEach(tenant -> futures.put(tenant, pool.submit(() -> attempt(tenant, first))));
        for (Map.Entry<String, Future<TenantResult>> f : futures.entrySet()) {
            try {
                record(f.getKey(), f.getValue().get(), results, held);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return held; // the tenants not recorded are reported skipped
            } catch (ExecutionException e) {
                throw rethrown(e);
            }
        }
        return held;
    }

    /** Marks a tenant whose lock another instance held, in {@link #slotted}'s results. */
    private static final TenantResult HELD =
            new TenantResult("", Outcome.SKIPPED, null, null, 0, 0, Duration.ZERO, Duration.ZERO, null);

    /**
     * The first pass with fleet slots: each worker takes the next tenant of a queue shared by this instance's workers,
     * in an order of this instance's own (shuffled), so that instances started together do not walk the fleet side by
     * side, each finding the tenant in front of it locked or just done by another. A worker checks the tenant at head
     * on its slot session (before and after taking a slot, which may have taken a while) and takes a slot only for a
     * tenant behind; a slot it took for a tenant found done in the meantime serves the next tenant of the queue, and
     * is given back after each upgrade, so that the instances take turns.
     *
     * @return the tenants whose lock another instance held
     */
    private List<String> slotted(ExecutorService pool, List<String> tenants, Map<String, TenantResult> results) {
        List<String> order = new ArrayList<>(tenants);
        Collections.shuffle(order, new Random());
        Queue<String> queue = new ConcurrentLinkedQueue<>(order);
        Map<String, TenantResult> done = new ConcurrentHashMap<>();
        LookAhead ahead = new LookAhead();
        List<String> held = new ArrayList<>();
        if (pool == null) {
            drain(queue, done, ahead);
        } else {
            int workers = Math.min(ws.config().parallelism(), tenants.size());
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                futures.add(pool.submit(() -> drain(queue, done, ahead)));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break; // the tenants not recorded are reported skipped
                } catch (ExecutionException e) {
                    throw rethrown(e);
                }
            }
        }
        for (String tenant : tenants) {
            TenantResult result = done.get(tenant);
            if (result != null) {
                record(tenant, result == HELD ? null : result, results, held);
            }
        }
        return held;
    }

    /** How many tenants of the queue one look-ahead checks at once. */
    private static final int LOOK_AHEAD = 32;

    /**
     * The tenants of {@link #slotted}'s queue found at head ahead of their turn. When a worker finds its tenant brought
     * to head by another instance, the others are likely done with more: the next {@link #LOOK_AHEAD} tenants of the
     * queue not checked ahead yet are checked in one fleet probe (two statements for all of them, instead of two each
     * at their turn). A tenant found at head stays so; one found behind is checked again at its turn. Each tenant is
     * checked ahead at most once, and only once another instance has shown up, so one instance alone pays nothing.
     */
    private final class LookAhead {
        final Set<String> atHead = ConcurrentHashMap.newKeySet();
        private final Set<String> checked = ConcurrentHashMap.newKeySet();

        void check(Connection connection, Queue<String> queue) {
            List<String> next = new ArrayList<>();
            for (String tenant : queue) { // weakly consistent: a tenant taken meanwhile is checked for nothing
                if (next.size() == LOOK_AHEAD) {
                    break;
                }
                if (problem(tenant) == null && checked.add(tenant)) {
                    next.add(tenant);
                }
            }
            atHead.addAll(atHeadAmong(connection, next));
        }
    }

    /** One worker of {@link #slotted}: takes tenants from {@code queue} until it is empty. */
    private void drain(Queue<String> queue, Map<String, TenantResult> done, LookAhead ahead) {
        FleetSlots.Slot slot = null;
        try {
            String tenant;
            while (!Thread.currentThread().isInterrupted() && (tenant = queue.poll()) != null) {
                long start = System.nanoTime();
                TenantResult result = refused(tenant, start);
                if (result == null && ahead.atHead.remove(tenant)) {
                    result = atHead(tenant, start);
                }
                if (result == null) {
                    // Brought to head by another instance since the fleet-wide check: no slot needed to see it.
                    Connection session = slot != null ? slot.connection() : slots.session();
                    result = atHeadOn(session, tenant, start);
                    if (result != null) {
                        ahead.check(session, queue);
                    }
                }
                if (result == null && slot == null) {
                    slot = slots.take();
                    result = atHeadOn(slot.connection(), tenant, start); // done by another while this one waited
                }
                if (result == null) {
                    result = upgrade(tenant, true, Duration.ZERO, start);
                    if (result != null) {
                        slot.close();
                        slot = null;
                    }
                }
                done.put(tenant, result == null ? HELD : result);
            }
        } finally {
            if (slot != null) {
                slot.close();
            }
        }
    }

    private static void record(
            String tenant, TenantResult result, Map<String, TenantResult> results, List<String> held) {
        if (result == null) {
            held.add(tenant);
        } else {
            results.put(tenant, result);
        }
    }

    /**
     * Upgrades one tenant.
     *
     * @param first the first pass: do not wait for the tenant's lock
     * @return its result, or null when {@code first} and another instance held its lock
     */
    private TenantResult attempt(String tenant, boolean first) {
        long start = System.nanoTime();
        TenantResult refused = refused(tenant, start);
        if (refused != null) {
            return refused;
        }
        Duration lockTimeout = first ? Duration.ZERO : ws.config().lockTimeout();
        // With fleet slots, the first pass is slotted()'s; this is the second, which waits for tenants' locks and
        // holds no slot (see FleetSlots), or a pass without slots. A tenant another instance brought to head since
        // is seen on the worker's slot session, without a Workspace.
        TenantResult done = slots != null ? atHeadOn(slots.session(), tenant, start) : null;
        if (done != null) {
            return done;
        }
        return upgrade(tenant, first, lockTimeout, start);
    }

    /** The tenant's failure when its name is no tenant name (left alone), else null. */
    private static TenantResult refused(String tenant, long start) {
        String problem = problem(tenant);
        if (problem == null) {
            return null;
        }
        return failed(
                tenant,
                MigratorException.of(
                        DiagnosticCode.CONFIG_INVALID,
                        "The tenant '" + tenant + "' " + problem + "; it was left alone.",
                        Facts.of("tenant", tenant).map(),
                        REMEDY + " Or leave it out of the tenant source.",
                        null),
                start);
    }

    /**
     * The tenant reported at head when another instance brought it there since the fleet-wide check: two statements on
     * the slot's session (the fleet probe for this one tenant) instead of a Workspace of its own; null when that is not
     * known (no slot session, no fleet-wide check, or the tenant is behind).
     */
    private TenantResult atHeadOn(Connection connection, String tenant, long start) {
        if (!atHeadAmong(connection, List.of(tenant)).contains(tenant)) {
            return null;
        }
        return atHead(tenant, start);
    }

    /** {@code tenant} reported at head, as found by a check since {@code start}. */
    private TenantResult atHead(String tenant, long start) {
        String revision = expected.revision();
        return new TenantResult(tenant, Outcome.AT_HEAD, revision, revision, 0, 0, Duration.ZERO, elapsed(start), null);
    }

    /**
     * Those of {@code tenants} (tenant names) that agree with this build, checked on {@code connection} by the fleet
     * probe in two statements; none when that is not known (no connection, no fleet-wide check, or the check failed).
     */
    private Set<String> atHeadAmong(Connection connection, List<String> tenants) {
        Expected known = expected;
        FleetProbe probe = fleetProbe;
        if (connection == null || known == null || probe == null || tenants.isEmpty()) {
            return Set.of();
        }
        try {
            FleetProbe.Candidates candidates = probe.candidates(connection, tenants, ws.extensionNames());
            Set<String> atHead = new HashSet<>();
            probeOn(connection, probe, candidates, known).forEach((tenant, state) -> {
                if (known.agrees(tenant, state)) {
                    atHead.add(tenant);
                }
            });
            return atHead;
        } catch (SQLException | MigratorException e) {
            LOG.debug("[migrator] Tenants {} not checked on the slot's session: {}", tenants, e.getMessage());
            return Set.of();
        }
    }

    /** The tenant's own upgrade, as {@code upgradeToHead()} with the tenant as its schema. */
    private TenantResult upgrade(String tenant, boolean first, Duration lockTimeout, long start) {
        try (Workspace tenantWs = new Workspace(tenantConfig.apply(tenant, lockTimeout))) {
            UpgradeReport report = Upgrade.run(tenantWs, "head");
            int seeds = (int) report.seeds().stream()
                    .filter(s -> s.outcome() == SeedResult.Outcome.APPLIED)
                    .count();
            return new TenantResult(
                    tenant,
                    report.upToDate() ? Outcome.AT_HEAD : Outcome.UPGRADED,
                    report.fromRevision(),
                    report.toRevision(),
                    report.migrations().size(),
                    seeds,
                    report.lockHolder() != null ? report.lockWait() : Duration.ZERO, // taking a free lock is no wait
                    elapsed(start),
                    null);
        } catch (MigratorException e) {
            if (first && e.code() == DiagnosticCode.LOCK_TIMEOUT) {
                LOG.debug("[migrator] Tenant {} is locked by another instance; coming back to it", tenant);
                return null;
            }
            LOG.warn("[migrator] Tenant {} failed; the others go on: {}", tenant, e.getMessage());
            return failed(tenant, e, start);
        }
    }

    private static TenantResult failed(String tenant, MigratorException e, long start) {
        return new TenantResult(tenant, Outcome.FAILED, null, null, 0, 0, Duration.ZERO, elapsed(start), e);
    }

    private static TenantResult skipped(String tenant) {
        return new TenantResult(tenant, Outcome.SKIPPED, null, null, 0, 0, Duration.ZERO, Duration.ZERO, null);
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** What a worker threw, thrown again on the calling thread (a checked cause wrapped). */
    private static RuntimeException rethrown(ExecutionException e) {
        if (e.getCause() instanceof RuntimeException cause) {
            return cause;
        }
        if (e.getCause() instanceof Error cause) {
            throw cause;
        }
        return new IllegalStateException(e.getCause());
    }

    /** Daemon threads named {@code migrator-fleet-N}. */
    private static final class Named implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread t = new Thread(task, "migrator-fleet-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
