package io.lucidity.migrator.internal;

import io.lucidity.migrator.AppliedMigration;
import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.ExtensionRequirement;
import io.lucidity.migrator.ExtensionResult;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.SeedResult;
import io.lucidity.migrator.UpgradeReport;
import io.lucidity.migrator.internal.extension.Extensions;
import io.lucidity.migrator.internal.history.Bookkeeping;
import io.lucidity.migrator.internal.history.HistoryView;
import io.lucidity.migrator.internal.history.Journal;
import io.lucidity.migrator.internal.history.JournalEntry;
import io.lucidity.migrator.internal.history.SchemaHistory;
import io.lucidity.migrator.internal.history.StateProbe;
import io.lucidity.migrator.internal.jdbc.Connections;
import io.lucidity.migrator.internal.jdbc.Sql;
import io.lucidity.migrator.internal.jdbc.SqlErrors;
import io.lucidity.migrator.internal.lock.MigrationLock;
import io.lucidity.migrator.internal.migrate.Executor;
import io.lucidity.migrator.internal.migrate.PartialInspector;
import io.lucidity.migrator.internal.migrate.Planner;
import io.lucidity.migrator.internal.migrate.TransactionControl;
import io.lucidity.migrator.internal.resolve.FlywayScripts;
import io.lucidity.migrator.internal.resolve.MigrationCatalog;
import io.lucidity.migrator.internal.resolve.MigrationResolver;
import io.lucidity.migrator.internal.resolve.ResolvedMigration;
import io.lucidity.migrator.internal.seed.SeedCatalog;
import io.lucidity.migrator.internal.seed.SeedFile;
import io.lucidity.migrator.internal.seed.SeedRunner;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boot path and what the other operations share: the configuration, the connections, this build's
 * migrations and seeds (resolved once), and the bookkeeping tables.
 *
 * <p>{@link #upgrade} first asks the database, in one round trip and without the lock, whether it
 * already agrees with this build; only when it does not does it take the migration lock and do the work.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final MigratorConfig config;
    private final Connections connections;
    private final FlywayScripts flyway;
    private final SchemaHistory tables;
    private final StateProbe probe;
    private volatile MigrationCatalog catalog;
    private volatile List<SeedFile> seeds;
    private final Map<String, Expected> expectedByTarget = new ConcurrentHashMap<>();

    public Engine(MigratorConfig config) {
        this.config = config;
        this.connections = new Connections(config);
        this.flyway = new FlywayScripts(config);
        this.flyway.bind(Connections.migrationUrl(config), Connections.migrationUser(config));
        this.tables = new SchemaHistory(config.schema(), config.table());
        this.probe = new StateProbe(tables);
    }

    /** The configuration. */
    public MigratorConfig config() {
        return config;
    }

    /** The connections. */
    public Connections connections() {
        return connections;
    }

    /** The bookkeeping tables. */
    public SchemaHistory tables() {
        return tables;
    }

    /** Flyway's script reader. */
    public FlywayScripts flyway() {
        return flyway;
    }

    /** This build's migrations, resolved on first use. */
    public MigrationCatalog catalog() {
        MigrationCatalog c = catalog;
        if (c == null) {
            synchronized (this) {
                if (catalog == null) {
                    catalog = MigrationResolver.resolve(config, flyway);
                }
                c = catalog;
            }
        }
        return c;
    }

    /** This build's seeds, resolved on first use. */
    public List<SeedFile> seeds() {
        List<SeedFile> s = seeds;
        if (s == null) {
            synchronized (this) {
                if (seeds == null) {
                    seeds = SeedCatalog.resolve(config);
                }
                s = seeds;
            }
        }
        return s;
    }

    /**
     * A SHA-256 over everything that shapes the database this build produces: migrations (versioned, undo,
     * repeatable) with their checksums, seeds with theirs, schema, table, extensions, placeholders.
     */
    public String fingerprint() {
        StringBuilder text = new StringBuilder("migrator-fingerprint-1\n");
        MigrationCatalog migrations = catalog();
        migrations.versioned().forEach(m -> text.append("V ").append(m.versionText()).append(' ').append(m.checksum()).append('\n'));
        migrations.undo().values().stream().sorted(Comparator.comparing(ResolvedMigration::version))
                .forEach(m -> text.append("U ").append(m.versionText()).append(' ').append(m.checksum()).append('\n'));
        migrations.repeatable().forEach(m -> text.append("R ").append(m.description()).append(' ').append(m.checksum()).append('\n'));
        seeds().forEach(s -> text.append("S ").append(s.name()).append(' ').append(s.checksum()).append('\n'));
        text.append("schema ").append(config.schema()).append("\ntable ").append(config.table())
                .append("\nextensions ").append(config.extensions())
                .append("\nplaceholders ").append(new java.util.TreeMap<>(config.placeholders()))
                .append("\nplaceholderReplacement ").append(config.placeholderReplacement()).append('\n');
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Brings the database to {@code revision} (head, base or a version).
     *
     * @param forceSeeds run every seed, changed or not
     */
    public UpgradeReport upgrade(String revision, boolean forceSeeds) {
        long start = System.nanoTime();
        try (Connection c = connectWhileResolving("head".equalsIgnoreCase(revision == null ? "head" : revision.trim()))) {
            Duration connect = Duration.ofNanos(System.nanoTime() - start);
            flyway.bind(c);
            MigrationCatalog migrations = catalog();
            MigrationVersion target = migrations.resolveRevision(revision);
            boolean toHead = target == null ? migrations.headVersion() == null : target.equals(migrations.headVersion());
            List<SeedFile> seedFiles = toHead ? seeds() : List.of();
            if (!forceSeeds) {
                UpgradeReport upToDate = fastPath(c, migrations, seedFiles, target, toHead, start, connect, NOT_WAITED);
                if (upToDate != null) {
                    LOG.info("[migrator] {}", upToDate.summary());
                    return upToDate;
                }
            }
            seedFiles.forEach(SeedFile::text); // a seed that is not UTF-8 is refused before anything runs
            UpgradeReport report = underLock(c, migrations, seedFiles, target, toHead, forceSeeds, start, connect);
            LOG.info("[migrator] {}", report.summary());
            return report;
        } catch (SQLException e) {
            throw databaseError("Upgrading", e);
        }
    }

    /**
     * The migration connection. On the first upgrade of a Migrator configured with a URL (whose built-in
     * placeholders are known without a connection), connects on another thread while this one reads the
     * migration and seed files: at boot the two take about as long as each other.
     */
    private Connection connectWhileResolving(boolean withSeeds) {
        boolean resolved = catalog != null && (seeds != null || !withSeeds);
        boolean placeholdersBound = config.dataSource() == null || config.migrationUrl() != null;
        if (resolved || !placeholdersBound) {
            return connections.migration();
        }
        CompletableFuture<Connection> connecting = CompletableFuture.supplyAsync(
                connections::migration, task -> {
                    Thread t = new Thread(task, "migrator-connect");
                    t.setDaemon(true);
                    t.start();
                });
        try {
            catalog();
            if (withSeeds) {
                seeds();
            }
        } catch (RuntimeException e) {
            connecting.thenAccept(Engine::closeQuietly);
            throw e;
        }
        try {
            return connecting.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("[migrator] Closing an unused connection failed: {}", e.getMessage());
        }
    }

    /** The lock not taken. */
    private static final MigrationLock.Wait NOT_WAITED = new MigrationLock.Wait(Duration.ZERO, null);

    private UpgradeReport fastPath(Connection c, MigrationCatalog migrations, List<SeedFile> seedFiles,
                                   MigrationVersion target, boolean toHead, long start, Duration connect,
                                   MigrationLock.Wait wait) throws SQLException {
        String[] extensionNames = config.extensions().stream().map(ExtensionRequirement::name).toArray(String[]::new);
        String[] seedNames = seedFiles.stream().map(SeedFile::name).toArray(String[]::new);
        StateProbe.Result probe;
        try {
            probe = this.probe.probe(c, inspect(c), extensionNames, seedNames);
        } catch (SQLException e) {
            if (SqlErrors.INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                throw privilege("read the history table " + tables.history(), e);
            }
            throw e;
        }
        boolean agrees = agrees(probe, migrations, seedFiles, target, toHead);
        if (LOG.isDebugEnabled()) {
            logProbe(probe, migrations, seedFiles, target, toHead, agrees);
        }
        if (!agrees) {
            if (probe.inRecovery()) {
                throw readOnlyStandby(c);
            }
            return null;
        }
        String revision = target == null ? "base" : target.toString();
        List<SeedResult> unchanged = seedFiles.stream()
                .map(s -> new SeedResult(s.name(), SeedResult.Outcome.UNCHANGED, 0, Duration.ZERO)).toList();
        return new UpgradeReport(database(c), config.schema(), revision, revision, true, List.of(), List.of(), unchanged,
                wait.duration(), Duration.ofNanos(System.nanoTime() - start), List.of(), connect, wait.holder());
    }

    /** The probe's answer next to what this build expects, at debug. */
    private void logProbe(StateProbe.Result probe, MigrationCatalog migrations, List<SeedFile> seedFiles,
                          MigrationVersion target, boolean toHead, boolean agrees) {
        if (!probe.tablesExist()) {
            LOG.debug("[migrator] Probe: no history table {} yet; expected {} migration(s) up to {}", tables.history(),
                    migrations.upTo(target).size(), target == null ? "base" : target);
            return;
        }
        Expected expected = expectedVersioned(migrations, target, maxVersion(probe.baselines()));
        LOG.debug("[migrator] Probe: found {} applied migration(s) (digest {}), {} failed, {} unfinished, extensions {}, "
                        + "repeatables digest {}, seeds digest {}; expected {} (digest {}), {} repeatable(s), {} seed(s)"
                        + "{}: {}", probe.versionedCount(), probe.versionedDigest(), probe.failed(), probe.unfinished(),
                probe.extensions(), probe.repeatableDigest(), probe.seedDigest(), expected.count(), expected.digest(),
                toHead ? migrations.repeatable().size() : 0, seedFiles.size(), probe.inRecovery() ? " (a standby)" : "",
                agrees ? "at the target, nothing to do" : "work to do under the lock");
    }

    /** The plan, at debug: what will run, in order (names only). */
    private static void logPlan(Planner.Plan plan, List<SeedFile> seedFiles, boolean forceSeeds) {
        if (!LOG.isDebugEnabled()) {
            return;
        }
        List<String> pending = new ArrayList<>();
        plan.versioned().forEach(m -> pending.add(m.label()));
        plan.repeatable().forEach(m -> pending.add(m.label()));
        LOG.debug("[migrator] Plan: from revision {}, {} migration(s) pending{}{}; {} seed(s) to check{}{}",
                plan.current(), pending.size(), pending.isEmpty() ? "" : ": ", String.join(", ", pending),
                seedFiles.size(), seedFiles.isEmpty() ? "" : ": " + String.join(", ", seedFiles.stream().map(SeedFile::name).toList()),
                forceSeeds ? " (all run: forced)" : " (new or changed ones run)");
    }

    /** True when the probe shows exactly what this build would leave behind. */
    private boolean agrees(StateProbe.Result probe, MigrationCatalog migrations, List<SeedFile> seedFiles,
                           MigrationVersion target, boolean toHead) {
        if (!probe.tablesExist() || probe.failed() > 0 || probe.unfinished() > 0) {
            return false;
        }
        for (ExtensionRequirement r : config.extensions()) {
            String installed = probe.extensions().get(r.name());
            if (installed == null || !r.isSatisfiedBy(installed)) {
                return false;
            }
        }
        MigrationVersion baseline = maxVersion(probe.baselines());
        Expected expected = expectedVersioned(migrations, target, baseline);
        if (probe.versionedCount() != expected.count() || !probe.versionedDigest().equals(expected.digest())) {
            return false;
        }
        if (!toHead) {
            return true;
        }
        Map<String, String> repeatable = new java.util.HashMap<>();
        migrations.repeatable().forEach(m -> repeatable.put(m.description(), String.valueOf(m.checksum())));
        Map<String, String> seedState = new java.util.HashMap<>();
        seedFiles.forEach(s -> seedState.put(s.name(), s.checksum()));
        return probe.repeatableDigest().equals(digest(repeatable)) && probe.seedDigest().equals(digest(seedState));
    }

    /**
     * The applied-migration count and digest the probe must show, computed once per target and baseline (the
     * catalog is resolved once per Engine).
     */
    private Expected expectedVersioned(MigrationCatalog migrations, MigrationVersion target, MigrationVersion baseline) {
        return expectedByTarget.computeIfAbsent(target + "|" + baseline, key -> {
            Map<String, String> entries = new java.util.HashMap<>();
            for (ResolvedMigration m : migrations.upTo(target)) {
                if (baseline == null || m.version().compareTo(baseline) > 0) {
                    entries.put(m.versionText(), String.valueOf(m.checksum()));
                }
            }
            return new Expected(entries.size(), digest(entries));
        });
    }

    /** What the probe must show for one target: the count and digest of applied migrations. */
    private record Expected(long count, String digest) {
    }

    private UpgradeReport underLock(Connection c, MigrationCatalog migrations, List<SeedFile> seedFiles,
                                    MigrationVersion target, boolean toHead, boolean forceSeeds, long start,
                                    Duration connect) throws SQLException {
        MigrationLock lock = MigrationLock.of(c, config.schema(), config.frontEnd());
        AtomicReference<MigrationLock.Wait> waited = new AtomicReference<>(NOT_WAITED);
        return lock.withLock(c, config.lockTimeout(), config.lockLogInterval(), waited::set, () -> {
            if (!forceSeeds) {
                // Another instance may have done the work while this one waited: one probe, then release.
                UpgradeReport doneMeanwhile = fastPath(c, migrations, seedFiles, target, toHead, start, connect, waited.get());
                if (doneMeanwhile != null) {
                    return doneMeanwhile;
                }
            }
            refuseIfReadOnly(c);
            List<ExtensionResult> extensions = ensureExtensions(c);
            ensureTables(c);
            HistoryView history = new HistoryView(tables.load(c));
            refuseUnfinished(c);
            Planner.Plan plan = new Planner(config).plan(migrations, history, target, toHead);
            logPlan(plan, seedFiles, forceSeeds);
            List<ResolvedMigration> toApply = new ArrayList<>(plan.versioned());
            toApply.addAll(plan.repeatable());
            parseAhead(toApply);
            refuseTransactionControl(toApply, seedFiles);
            // A seed that cannot run (syntax, a missing ${env:} variable) refuses the start before any migration commits.
            new SeedRunner(config, tables, flyway).validate(c, seedFiles, forceSeeds);
            Executor executor = new Executor(config, tables, flyway, lock, connections::app, migrations.versioned());
            List<AppliedMigration> applied = executor.apply(c, toApply, plan.current(),
                    config.listener()::migrationApplied);
            List<SeedResult> seedResults = new SeedRunner(config, tables, flyway)
                    .run(c, lock, seedFiles, forceSeeds, config.listener()::seedCompleted);
            String after = new HistoryView(tables.load(c)).currentRevision();
            probe.summarize(c);
            List<String> warnings = plan.ahead().isEmpty() ? List.of()
                    : List.of("The database holds migrations newer than this build (" + String.join(", ", plan.ahead())
                    + "); tolerated by " + config.frontEnd().assign("tolerate-newer-schema", "true") + ".");
            return new UpgradeReport(database(c), config.schema(), plan.current(), after, false, extensions, applied,
                    seedResults, waited.get().duration(), Duration.ofNanos(System.nanoTime() - start), warnings, connect,
                    waited.get().holder());
        });
    }

    /**
     * Parses the pending scripts on all cores before the executor needs them (it splits them into transactions
     * by their statements). A script that cannot be parsed is left for the executor, which reports the first
     * such script in order.
     */
    private static void parseAhead(List<ResolvedMigration> pending) {
        if (pending.size() < 16) {
            return;
        }
        pending.parallelStream().forEach(m -> {
            try {
                m.statements();
            } catch (RuntimeException reportedInOrderLater) {
                // the executor parses it again and raises the diagnostic
            }
        });
    }

    /**
     * Refuses, before any of them runs, a pending transactional migration or a SQL seed that commits, rolls back or
     * starts a transaction itself.
     */
    private void refuseTransactionControl(List<ResolvedMigration> pending, List<SeedFile> seedFiles) {
        for (ResolvedMigration m : pending) {
            if (m.transactional()) {
                TransactionControl.refuse("migration", m.displayPath(), m.statements());
            }
        }
        for (SeedFile s : seedFiles) {
            if (s.kind() == SeedFile.Kind.SQL) {
                List<io.lucidity.migrator.internal.resolve.ScriptStatement> statements;
                try {
                    statements = flyway.parse(s.name(), s.text(), false);
                } catch (RuntimeException reportedWhenItRuns) {
                    continue; // the seed runner reports a script it cannot parse, in order
                }
                TransactionControl.refuse("seed", s.displayPath(), statements);
            }
        }
    }

    /**
     * Runs every seed again under the lock (migrations are not touched).
     */
    public List<SeedResult> seed() {
        List<SeedFile> seedFiles = seeds();
        seedFiles.forEach(SeedFile::text);
        try (Connection c = connections.migration()) {
            MigrationLock lock = MigrationLock.of(c, config.schema(), config.frontEnd());
            return lock.withLock(c, config.lockTimeout(), config.lockLogInterval(), d -> { }, () -> {
                refuseIfReadOnly(c);
                ensureTables(c);
                SeedRunner runner = new SeedRunner(config, tables, flyway);
                runner.validate(c, seedFiles, true);
                return runner.run(c, lock, seedFiles, true, config.listener()::seedCompleted);
            });
        } catch (SQLException e) {
            throw databaseError("Seeding", e);
        }
    }

    /**
     * What the catalog says of the bookkeeping objects, read before any of them is read or written.
     *
     * @throws MigratorException {@code MIGRATOR-UNTRUSTED} when one exists that another role created or changed
     */
    public Bookkeeping inspect(Connection c) throws SQLException {
        return Bookkeeping.inspect(c, tables).refuseUntrusted();
    }

    /**
     * Creates the bookkeeping tables that are missing, and the history summary if it is not live (under the lock),
     * after refusing objects another role created ({@link #inspect}).
     */
    public void ensureTables(Connection c) throws SQLException {
        Bookkeeping state = inspect(c);
        if (!state.allTablesExist()) {
            try {
                tables.createMissing(c, state);
            } catch (SQLException e) {
                if (SqlErrors.INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                    throw privilege("create the bookkeeping tables in schema " + config.schema(), e);
                }
                throw e;
            }
        }
        if (!tables.summaryInstalled(c, state)) {
            try {
                tables.installSummary(c, state);
            } catch (SQLException e) {
                // Without it the fast path aggregates the history rows: slower at thousands of migrations, as correct.
                LOG.info("[migrator] The history summary could not be set up ({}); the check at head reads the history "
                        + "instead.", e.getMessage());
            }
        }
    }

    private List<ExtensionResult> ensureExtensions(Connection c) throws SQLException {
        List<ExtensionResult> results = Extensions.ensure(c, config.extensions(), config.frontEnd());
        results.forEach(config.listener()::extensionEnsured);
        return results;
    }

    /** Refuses when a non-transactional step started and did not finish. */
    public void refuseUnfinished(Connection c) throws SQLException {
        List<JournalEntry> unfinished = new Journal(tables).unfinished(c);
        if (!unfinished.isEmpty()) {
            throw new PartialInspector(config.schema()).explain(c, unfinished.get(0), null);
        }
    }

    /** Refuses on a hot standby or a read-only session. */
    public void refuseIfReadOnly(Connection c) throws SQLException {
        if ("t".equals(Sql.queryString(c, "SELECT pg_is_in_recovery()"))) {
            throw readOnlyStandby(c);
        }
        if ("on".equals(Sql.queryString(c, "SELECT current_setting('transaction_read_only')"))) {
            throw MigratorException.of(DiagnosticCode.READ_ONLY,
                    "The session is read-only (default_transaction_read_only is on); migrations cannot run.",
                    Facts.of("database", database(c)).and("connected to", connections.describeTarget()).map(),
                    "Connect as a role without default_transaction_read_only, or point " + config.frontEnd().name("url")
                            + " at the primary.", null);
        }
    }

    private MigratorException readOnlyStandby(Connection c) throws SQLException {
        return MigratorException.of(DiagnosticCode.READ_ONLY,
                "The server is a read-only hot standby; migrations cannot run on it.",
                Facts.of("database", database(c)).and("connected to", connections.describeTarget())
                        .and("pg_is_in_recovery()", "true").map(),
                "Point " + config.frontEnd().name("url") + " (or " + config.frontEnd().name("migration-url")
                        + ") at the primary server. Instances on replicas can start once the primary "
                        + "is migrated (they then find the database at head without writing).", null);
    }

    /** The insufficient-privilege diagnostic for bookkeeping work. */
    public MigratorException privilege(String what, SQLException e) {
        return MigratorException.of(DiagnosticCode.INSUFFICIENT_PRIVILEGE,
                "The role may not " + what + ": " + SqlErrors.message(e),
                Facts.of("schema", config.schema()).and("SQLState", e.getSQLState()).and("error", SqlErrors.message(e)).map(),
                "Run migrations as the owner of schema " + config.schema() + " (" + config.frontEnd().name("migration-user") + "), "
                        + "or GRANT CREATE, USAGE ON SCHEMA " + Sql.ident(config.schema()) + " TO <role>;", e);
    }

    /** A diagnostic for an unexpected database error during {@code what}. */
    public MigratorException databaseError(String what, SQLException e) {
        SQLException root = SqlErrors.rootSqlException(e);
        if (SqlErrors.INSUFFICIENT_PRIVILEGE.equals(root.getSQLState())) {
            return privilege("do what " + what.toLowerCase() + " needs", root);
        }
        if (SqlErrors.READ_ONLY.equals(root.getSQLState())) {
            return MigratorException.of(DiagnosticCode.READ_ONLY, what + " failed: the database is read-only.",
                    Facts.of("error", SqlErrors.message(root)).map(), "Point url (or migration-url) at the primary server.", e);
        }
        return MigratorException.of(DiagnosticCode.DATABASE_ERROR, what + " failed: " + SqlErrors.message(root),
                Facts.of("SQLState", root.getSQLState()).and("error", SqlErrors.message(root))
                        .and("connected to", connections.describeTarget()).map(),
                SqlErrors.isConnectionLost(root.getSQLState())
                        ? "The connection was lost; start again. A step that ran outside a transaction is detected and explained then."
                        : "Check the database log for the cause and start again.", e);
    }

    /** The connection's database name. */
    public static String database(Connection c) throws SQLException {
        String known = c.getCatalog(); // the driver knows it from the login: no round trip
        return known != null ? known : Sql.queryString(c, "SELECT current_database()");
    }

    /**
     * md5 hex of {@code key:value} joined by commas in key order (byte order, as {@code COLLATE "C"} in the
     * probe); empty for none.
     */
    static String digest(Map<String, String> entries) {
        if (entries.isEmpty()) {
            return "";
        }
        // Each key's UTF-8 bytes once, not once per comparison.
        List<Map.Entry<byte[], String>> keys = new ArrayList<>(entries.size());
        entries.keySet().forEach(k -> keys.add(Map.entry(k.getBytes(StandardCharsets.UTF_8), k)));
        keys.sort((a, b) -> java.util.Arrays.compareUnsigned(a.getKey(), b.getKey()));
        StringBuilder text = new StringBuilder();
        for (Map.Entry<byte[], String> key : keys) {
            text.append(text.isEmpty() ? "" : ",").append(key.getValue()).append(':').append(entries.get(key.getValue()));
        }
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }

    private static MigrationVersion maxVersion(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return null;
        }
        MigrationVersion max = null;
        for (String v : commaSeparated.split(",")) {
            MigrationVersion version = MigrationVersion.fromVersion(v.trim());
            max = max == null || version.compareTo(max) > 0 ? version : max;
        }
        return max;
    }

    /** Runs {@code work} on the migration connection, turning SQL errors into diagnostics. */
    public <T> T withMigrationConnection(String what, SqlFunction<T> work) {
        try (Connection c = connections.migration()) {
            inspect(c);
            return work.apply(c);
        } catch (SQLException e) {
            throw databaseError(what, e);
        }
    }

    /** Work on a connection. */
    @FunctionalInterface
    public interface SqlFunction<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Takes the lock on the migration connection and runs {@code work} under it. */
    public <T> T underLock(String what, SqlFunction<T> work) {
        return withMigrationConnection(what, c -> {
            MigrationLock lock = MigrationLock.of(c, config.schema(), config.frontEnd());
            return lock.withLock(c, config.lockTimeout(), config.lockLogInterval(), d -> { }, () -> work.apply(c));
        });
    }

    @Override
    public void close() {
        connections.close();
    }

    /** For callers that only need a function of the catalog. */
    public <T> T withCatalog(Function<MigrationCatalog, T> f) {
        return f.apply(catalog());
    }

    /** The configured extension names. */
    public Map<String, ExtensionRequirement> extensionRequirements() {
        Map<String, ExtensionRequirement> map = new java.util.LinkedHashMap<>();
        config.extensions().forEach(r -> map.put(r.name(), r));
        return map;
    }
}
