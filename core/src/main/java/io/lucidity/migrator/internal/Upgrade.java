package io.lucidity.migrator.internal;

import io.lucidity.migrator.AppliedMigration;
import io.lucidity.migrator.ExtensionResult;
import io.lucidity.migrator.SeedResult;
import io.lucidity.migrator.UpgradeReport;
import io.lucidity.migrator.internal.config.FrontEnd;
import io.lucidity.migrator.internal.extension.Extensions;
import io.lucidity.migrator.internal.history.Bookkeeping;
import io.lucidity.migrator.internal.history.HistoryView;
import io.lucidity.migrator.internal.history.StateProbe;
import io.lucidity.migrator.internal.jdbc.Sql;
import io.lucidity.migrator.internal.jdbc.SqlErrors;
import io.lucidity.migrator.internal.lint.Lint;
import io.lucidity.migrator.internal.lock.MigrationLock;
import io.lucidity.migrator.internal.migrate.Batching;
import io.lucidity.migrator.internal.migrate.Executor;
import io.lucidity.migrator.internal.migrate.Planner;
import io.lucidity.migrator.internal.migrate.TransactionControl;
import io.lucidity.migrator.internal.resolve.MigrationCatalog;
import io.lucidity.migrator.internal.resolve.ResolvedMigration;
import io.lucidity.migrator.internal.resolve.ScriptStatement;
import io.lucidity.migrator.internal.seed.SeedFile;
import io.lucidity.migrator.internal.seed.SeedRunner;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upgrade command: brings the database to a revision (head, base or a version).
 *
 * <p>It first asks the database, in one round trip after the connection's first statement and without the lock,
 * whether it already agrees with this build ({@link FastPath}); only when it does not does it take the migration
 * lock, probe once more (another instance may have done the work meanwhile) and do the work. The guards take the
 * state that probe and the connection's first statement returned; they do not ask again.
 */
public final class Upgrade {
    private static final Logger LOG = LoggerFactory.getLogger(Upgrade.class);

    /** The lock not taken. */
    private static final MigrationLock.Wait NOT_WAITED = new MigrationLock.Wait(Duration.ZERO, null);

    private final Workspace ws;
    private final MigrationCatalog migrations;
    private final MigrationVersion target;
    private final boolean toHead;
    private final List<SeedFile> seedFiles;
    private final long start;
    private final Duration connect;

    private Upgrade(
            Workspace ws,
            MigrationVersion target,
            boolean toHead,
            List<SeedFile> seedFiles,
            long start,
            Duration connect) {
        this.ws = ws;
        this.migrations = ws.catalog();
        this.target = target;
        this.toHead = toHead;
        this.seedFiles = seedFiles;
        this.start = start;
        this.connect = connect;
    }

    /** Brings the database to {@code revision} (head, base or a version). */
    public static UpgradeReport run(Workspace ws, String revision) {
        long start = System.nanoTime();
        try (Workspace.Session s =
                openWhileResolving(ws, "head".equalsIgnoreCase(revision == null ? "head" : revision.trim()))) {
            Duration connect = Duration.ofNanos(System.nanoTime() - start);
            ws.scripts().bind(s.connection());
            MigrationCatalog migrations = ws.catalog();
            MigrationVersion target = migrations.resolveRevision(revision);
            boolean toHead =
                    target == null ? migrations.headVersion() == null : target.equals(migrations.headVersion());
            Upgrade upgrade = new Upgrade(ws, target, toHead, toHead ? ws.seeds() : List.of(), start, connect);
            UpgradeReport report = upgrade.run(s);
            LOG.info("[migrator] {}", report.summary());
            return report;
        } catch (SQLException e) {
            throw ws.diagnostics().databaseError("Upgrading", e);
        }
    }

    private UpgradeReport run(Workspace.Session s) throws SQLException {
        StateProbe.Result probe = probe(s);
        if (ws.fastPath().agrees(probe, migrations, seedFiles, target, toHead)) {
            return upToDate(s.connection(), NOT_WAITED);
        }
        if (probe.inRecovery()) {
            throw ws.diagnostics().readOnlyStandby(s.connection());
        }
        seedFiles.forEach(SeedFile::text); // a seed that is not UTF-8 is refused before anything runs
        MigrationLock lock = ws.lock(s);
        AtomicReference<MigrationLock.Wait> waited = new AtomicReference<>(NOT_WAITED);
        return lock.withLock(
                ws.config().lockTimeout(),
                ws.config().lockLogInterval(),
                waited::set,
                () -> underLock(ws.refreshedUnderLock(s, waited.get()), lock, waited.get()));
    }

    /** The state probe, after the bookkeeping objects were found trusted on this connection. */
    private StateProbe.Result probe(Workspace.Session s) throws SQLException {
        String[] seedNames = seedFiles.stream().map(SeedFile::name).toArray(String[]::new);
        try {
            return new StateProbe(ws.tables()).probe(s.connection(), s.state(), ws.extensionNames(), seedNames);
        } catch (SQLException e) {
            if (SqlErrors.INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                throw ws.diagnostics()
                        .privilege("read the history table " + ws.tables().history(), e);
            }
            throw e;
        }
    }

    private UpgradeReport upToDate(Connection c, MigrationLock.Wait wait) throws SQLException {
        String revision = target == null ? "base" : target.toString();
        List<SeedResult> unchanged = seedFiles.stream()
                .map(s -> new SeedResult(s.name(), SeedResult.Outcome.UNCHANGED, 0, Duration.ZERO))
                .toList();
        return new UpgradeReport(
                Sql.database(c),
                ws.config().schema(),
                revision,
                revision,
                true,
                List.of(),
                List.of(),
                unchanged,
                wait.duration(),
                Duration.ofNanos(System.nanoTime() - start),
                List.of(),
                connect,
                wait.holder(),
                0);
    }

    private UpgradeReport underLock(Workspace.Session s, MigrationLock lock, MigrationLock.Wait waited)
            throws SQLException {
        Connection c = s.connection();
        // Another instance may have done the work while this one waited: one probe, then release.
        StateProbe.Result probe = probe(s);
        if (ws.fastPath().agrees(probe, migrations, seedFiles, target, toHead)) {
            return upToDate(c, waited);
        }
        if (probe.inRecovery()) {
            throw ws.diagnostics().readOnlyStandby(c);
        }
        Guards.refuseIfReadOnly(ws, s);
        List<ExtensionResult> extensions = Extensions.ensure(
                c, ws.config().extensions(), FrontEnd.of(ws.config().integration()), probe.extensions());
        extensions.forEach(ws.config().listener()::extensionEnsured);
        Bookkeeping state = ws.ensureTables(c, s.state(), probe.fromSummary());
        HistoryView history = new HistoryView(ws.tables().loadExisting(c));
        Guards.refuseUnfinished(ws, c, probe.unfinished());
        Planner.Plan plan = new Planner(ws.config()).plan(migrations, history, target, toHead);
        logPlan(plan);
        List<ResolvedMigration> toApply = new ArrayList<>(plan.versioned());
        toApply.addAll(plan.repeatable());
        parseAhead(toApply);
        refuseTransactionControl(toApply);
        Lint.beforeUpgrade(ws, c, toApply);
        // A seed that cannot run (syntax, a missing ${env:} variable) refuses the start before any migration commits.
        SeedRunner seeds = new SeedRunner(ws.config(), ws.tables(), ws.scripts());
        Map<String, String> journaled = journaledSeeds(c, probe, seeds);
        seeds.validate(seedFiles, journaled);
        Executor executor = new Executor(
                ws.config(),
                ws.tables(),
                ws.scripts(),
                lock,
                ws.connections()::app,
                migrations.versioned(),
                s.state().session().pid());
        Batching batching = Batching.forEmptyDatabase(c, ws.config().transactionMode(), ws.tables(), history, toApply);
        Executor.Applied result =
                executor.apply(c, toApply, plan.current(), batching, ws.config().listener()::migrationApplied);
        List<AppliedMigration> applied = result.migrations();
        // A migration may change the seed journal (to run a seed again): read it again after one.
        List<SeedResult> seedResults = seeds.run(
                c,
                lock,
                seedFiles,
                applied.isEmpty() ? journaled : null,
                ws.config().listener()::seedCompleted);
        String after = applied.isEmpty()
                ? history.currentRevision()
                : new HistoryView(ws.tables().loadExisting(c)).currentRevision();
        new StateProbe(ws.tables()).summarize(c, state);
        List<String> warnings = plan.ahead().isEmpty()
                ? List.of()
                : List.of("The database holds migrations newer than this build ("
                        + NameList.of(plan.ahead(), ", ", "versions") + "); tolerated by "
                        + FrontEnd.of(ws.config().integration()).assign("tolerate-newer-schema", "true") + ".");
        return new UpgradeReport(
                Sql.database(c),
                ws.config().schema(),
                plan.current(),
                after,
                false,
                extensions,
                applied,
                seedResults,
                waited.duration(),
                Duration.ofNanos(System.nanoTime() - start),
                warnings,
                connect,
                waited.holder(),
                result.batches(),
                result.retries());
    }

    /**
     * The journaled checksum of each seed: this build's own when the probe (under the lock) found every seed journaled
     * with it, else read from the seed journal.
     */
    private Map<String, String> journaledSeeds(Connection c, StateProbe.Result probe, SeedRunner seeds)
            throws SQLException {
        if (seedFiles.isEmpty()) {
            return Map.of();
        }
        if (probe.tablesExist() && FastPath.seedsUnchanged(probe, seedFiles)) {
            Map<String, String> unchanged = new HashMap<>();
            seedFiles.forEach(f -> unchanged.put(f.name(), f.checksum()));
            return unchanged;
        }
        return seeds.journaled(c);
    }

    /** The plan, at debug: what will run, in order (names only). */
    private void logPlan(Planner.Plan plan) {
        if (!LOG.isDebugEnabled()) {
            return;
        }
        List<String> pending = new ArrayList<>();
        plan.versioned().forEach(m -> pending.add(m.label()));
        plan.repeatable().forEach(m -> pending.add(m.label()));
        LOG.debug(
                "[migrator] Plan: from revision {}, {} migration(s) pending{}{}; {} seed(s) to check{}{}",
                plan.current(),
                pending.size(),
                pending.isEmpty() ? "" : ": ",
                NameList.of(pending),
                seedFiles.size(),
                seedFiles.isEmpty()
                        ? ""
                        : ": "
                                + String.join(
                                        ", ",
                                        seedFiles.stream().map(SeedFile::name).toList()),
                " (new or changed ones run)");
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
    private void refuseTransactionControl(List<ResolvedMigration> pending) {
        for (ResolvedMigration m : pending) {
            if (m.transactional()) {
                TransactionControl.refuse("migration", m.displayPath(), m.statements());
            }
        }
        for (SeedFile s : seedFiles) {
            if (s.kind() == SeedFile.Kind.SQL) {
                List<ScriptStatement> statements;
                try {
                    statements = ws.scripts().parse(s.name(), s.text(), false);
                } catch (RuntimeException reportedWhenItRuns) {
                    continue; // the seed runner reports a script it cannot parse, in order
                }
                TransactionControl.refuse("seed", s.displayPath(), statements);
            }
        }
    }

    /**
     * The migration connection, inspected. On the first upgrade of a Migrator configured with a URL (whose built-in
     * placeholders are known without a connection), connects on another thread while this one reads the migration and
     * seed files: at boot the two take about as long as each other.
     */
    private static Workspace.Session openWhileResolving(Workspace ws, boolean withSeeds) throws SQLException {
        boolean placeholdersBound =
                ws.config().dataSource() == null || ws.config().migrationUrl() != null;
        if (ws.resolved(withSeeds) || !placeholdersBound) {
            return ws.open();
        }
        CompletableFuture<Workspace.Session> connecting = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return ws.open();
                    } catch (SQLException e) {
                        throw new CompletionException(e);
                    }
                },
                task -> {
                    Thread t = new Thread(task, "migrator-connect");
                    t.setDaemon(true);
                    t.start();
                });
        try {
            ws.catalog();
            if (withSeeds) {
                ws.seeds();
            }
        } catch (RuntimeException e) {
            connecting.thenAccept(Upgrade::closeQuietly);
            throw e;
        }
        try {
            return connecting.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof SQLException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static void closeQuietly(Workspace.Session s) {
        try {
            s.close();
        } catch (SQLException e) {
            LOG.debug("[migrator] Closing an unused connection failed: {}", e.getMessage());
        }
    }
}
