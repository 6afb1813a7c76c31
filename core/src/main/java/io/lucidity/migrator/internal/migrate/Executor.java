package io.lucidity.migrator.internal.migrate;

import io.lucidity.migrator.AppliedMigration;
import io.lucidity.migrator.LockRetry;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.TransactionMode;
import io.lucidity.migrator.internal.Redactor;
import io.lucidity.migrator.internal.config.FrontEnd;
import io.lucidity.migrator.internal.history.BookkeepingTables;
import io.lucidity.migrator.internal.history.Journal;
import io.lucidity.migrator.internal.history.JournalEntry;
import io.lucidity.migrator.internal.history.NewRow;
import io.lucidity.migrator.internal.jdbc.SafeSession;
import io.lucidity.migrator.internal.jdbc.Sql;
import io.lucidity.migrator.internal.jdbc.SqlErrors;
import io.lucidity.migrator.internal.lock.MigrationLock;
import io.lucidity.migrator.internal.resolve.FlywayScripts;
import io.lucidity.migrator.internal.resolve.ResolvedMigration;
import io.lucidity.migrator.internal.resolve.ScriptStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a plan on the lock's connection. Consecutive transactional migrations run in one
 * transaction with their history rows ({@link TransactionMode#SINGLE}) or one transaction each; a
 * non-transactional migration runs alone, outside any transaction, journaled before, during and after.
 */
public final class Executor {
    private static final Logger LOG = LoggerFactory.getLogger(Executor.class);
    private static final int JOURNAL_STATEMENT_MAX = 4000;
    private static final java.util.regex.Pattern DETACH_CONCURRENTLY =
            java.util.regex.Pattern.compile("(?is)\\bDETACH\\s+PARTITION\\b.*\\bCONCURRENTLY\\b");
    private static final long MAX_PAUSE_MILLIS = 30_000;
    private static final java.util.regex.Pattern MAY_SET =
            java.util.regex.Pattern.compile("(?i)\\b(?:set|reset|select|do|call|perform)\\b|set_config");

    private final MigratorConfig config;
    private final BookkeepingTables tables;
    private final Journal journal;
    private final FlywayScripts flyway;
    private final MigrationLock lock;
    private final Supplier<Connection> sideConnections;
    private final List<ResolvedMigration> known;
    private final int pid;
    /** The statements that got their lock on a later attempt (ddl-lock-retries), in order. */
    private final List<LockRetry> retried = new ArrayList<>();

    /**
     * @param known this build's versioned migrations, in order (a duplicate object is traced to the earlier one)
     * @param pid   the backend pid of the lock's connection (as the bookkeeping inspection read it)
     */
    public Executor(
            MigratorConfig config,
            BookkeepingTables tables,
            FlywayScripts flyway,
            MigrationLock lock,
            Supplier<Connection> sideConnections,
            List<ResolvedMigration> known,
            int pid) {
        this.config = config;
        this.pid = pid;
        this.known = known;
        this.tables = tables;
        this.journal = new Journal(tables);
        this.flyway = flyway;
        this.lock = lock;
        this.sideConnections = sideConnections;
    }

    /**
     * What {@link #apply} did.
     *
     * @param migrations the applied migrations, in order
     * @param batches    the transactions (and steps outside one) they were applied in when the upgrade from an empty
     *                   database was batched; 0 otherwise
     * @param retries    the statements that hit ddl-lock-timeout and got their lock on a later attempt
     */
    public record Applied(List<AppliedMigration> migrations, int batches, List<LockRetry> retries) {}

    /**
     * Applies the migrations in order.
     *
     * @param migrations       pending versioned migrations followed by repeatable ones
     * @param previousRevision the revision before the first of them
     * @param batching         how to split runs of transactional migrations from an empty database, or null (one
     *                         transaction per run, as the transaction mode says)
     * @param progress         told of each migration as it completes (its transaction may still be open)
     * @return the applied migrations
     * @throws MigratorException describing the failure; committed work stays, the failing transaction is rolled back
     */
    public Applied apply(
            Connection c,
            List<ResolvedMigration> migrations,
            String previousRevision,
            Batching batching,
            Consumer<AppliedMigration> progress)
            throws SQLException {
        List<AppliedMigration> applied = new ArrayList<>();
        if (migrations.isEmpty()) {
            return new Applied(applied, 0, List.of());
        }
        List<List<ResolvedMigration>> groups = batching == null
                ? groups(migrations, config.transactionMode())
                : groups(migrations, config.transactionMode(), batching.statementsPerBatch());
        if (batching != null) {
            LOG.info(
                    "[migrator] {} {} migration(s) in {} batches, one transaction each: the database was empty ({})",
                    batching.resumed() ? "Continuing: applying" : "Applying",
                    migrations.size(),
                    groups.size(),
                    batching.describe());
            String target = null;
            for (ResolvedMigration m : migrations) {
                target = m.versionText() != null ? m.versionText() : target;
            }
            journal.startBatched(c, target, groups.size() + " batches; " + batching.describe());
        }
        Session session = new Session(c, config, pid);
        try (BlockerWatch watch = new BlockerWatch(sideConnections, config.ddlLockTimeout())) {
            String revision = previousRevision;
            for (int i = 0; i < groups.size(); i++) {
                List<ResolvedMigration> group = groups.get(i);
                Batch batch = batching == null ? null : new Batch(i + 1, groups.size(), batching);
                boolean transactional = group.size() > 1 || group.get(0).transactional();
                List<AppliedMigration> done = transactional
                        ? runTransaction(c, session, watch, group, revision, applied, batch, progress)
                        : List.of(runAlone(c, session, watch, group.get(0), applied, progress));
                applied.addAll(done);
                for (ResolvedMigration m : group) {
                    if (m.versionText() != null) {
                        revision = m.versionText();
                    }
                }
            }
            if (batching != null && !groups.get(groups.size() - 1).get(0).transactional()) {
                journal.finishBatched(c, "succeeded"); // a transactional last batch finished it in its own transaction
            }
        }
        return new Applied(applied, batching == null ? 0 : groups.size(), List.copyOf(retried));
    }

    /**
     * Splits migrations into transactions: runs of transactional ones (one each in
     * {@link TransactionMode#PER_MIGRATION}), and each non-transactional one alone.
     */
    public static List<List<ResolvedMigration>> groups(List<ResolvedMigration> migrations, TransactionMode mode) {
        return groups(migrations, mode, Integer.MAX_VALUE);
    }

    /**
     * As {@link #groups(List, TransactionMode)}, with each run of transactional migrations split into batches of whole
     * migrations holding at most {@code maxStatements} statements (a larger migration is a batch alone).
     */
    static List<List<ResolvedMigration>> groups(
            List<ResolvedMigration> migrations, TransactionMode mode, int maxStatements) {
        List<List<ResolvedMigration>> groups = new ArrayList<>();
        List<ResolvedMigration> current = new ArrayList<>();
        long statements = 0;
        for (ResolvedMigration m : migrations) {
            boolean alone = !m.transactional() || mode == TransactionMode.PER_MIGRATION;
            if (alone) {
                if (!current.isEmpty()) {
                    groups.add(current);
                    current = new ArrayList<>();
                    statements = 0;
                }
                groups.add(List.of(m));
                continue;
            }
            if (maxStatements != Integer.MAX_VALUE) {
                int size = m.statements().size();
                if (!current.isEmpty() && statements + size > maxStatements) {
                    groups.add(current);
                    current = new ArrayList<>();
                    statements = 0;
                }
                statements += size;
            }
            current.add(m);
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }

    private List<AppliedMigration> runTransaction(
            Connection c,
            Session session,
            BlockerWatch watch,
            List<ResolvedMigration> group,
            String previousRevision,
            List<AppliedMigration> committedBefore,
            Batch batch,
            Consumer<AppliedMigration> progress)
            throws SQLException {
        List<AppliedMigration> done = new ArrayList<>();
        List<NewRow> rows = new ArrayList<>();
        c.setAutoCommit(false);
        ResolvedMigration current = null;
        ScriptStatement statement = null;
        int completedCount = 0;
        boolean settingsMayHaveChanged = true;
        try {
            for (ResolvedMigration m : group) {
                // Per migration: a SET in one migration must not reach the next one. Set again only after a
                // migration that may have changed a setting (saves a round trip per migration otherwise).
                if (settingsMayHaveChanged) {
                    session.setLocal();
                }
                current = m;
                long start = System.nanoTime();
                LOG.info("[migrator] Applying {}", m.label());
                for (ScriptStatement s : m.statements()) {
                    statement = s;
                    if (retriesOn()) {
                        executeWithSavepoint(c, session.pid(), watch, m, s);
                    } else {
                        execute(c, session.pid(), watch, m, s);
                    }
                    TransactionControl.verifyOpen(c, "migration", m.displayPath(), s, config.integration());
                }
                statement = null;
                settingsMayHaveChanged = mayChangeSettings(m);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                rows.add(new NewRow(
                        m.versionText(), m.description(), m.script(), m.checksum(), (int) took.toMillis(), true));
                AppliedMigration result = new AppliedMigration(
                        m.versionText(),
                        m.description(),
                        m.script(),
                        m.versionText() == null,
                        true,
                        m.statements().size(),
                        took);
                done.add(result);
                progress.accept(result);
                completedCount++;
            }
            current = null;
            tables.insert(c, rows);
            if (batch != null && batch.last()) {
                journal.finishBatched(c, "succeeded");
            }
            lock.verifyHeld();
            c.commit();
            session.resetSession();
            return done;
        } catch (SQLException e) {
            Sql.rollback(c, e);
            session.resetSession();
            if (current == null) {
                throw e;
            }
            List<ResolvedMigration> rolledBack = group.subList(0, completedCount);
            throw StatementFailure.translate(
                    e,
                    new StatementFailure.Context(
                            current,
                            statement,
                            rolledBack,
                            labels(committedBefore),
                            revisionBefore(group, completedCount, previousRevision),
                            true,
                            watch.lastSeen(),
                            earlier(current),
                            FrontEnd.of(config.integration()),
                            batch == null ? null : batch.failedAt(group.get(0).label())));
        } catch (RuntimeException e) {
            Sql.rollback(c, e);
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private AppliedMigration runAlone(
            Connection c,
            Session session,
            BlockerWatch watch,
            ResolvedMigration m,
            List<AppliedMigration> committedBefore,
            Consumer<AppliedMigration> progress)
            throws SQLException {
        List<ScriptStatement> statements = m.statements();
        LOG.info("[migrator] Applying {} outside a transaction ({} statements)", m.label(), statements.size());
        long id = journal.start(c, m.versionText(), m.script(), m.checksum(), statements.size());
        long start = System.nanoTime();
        int index = 0;
        try {
            session.setForSession();
            for (; index < statements.size(); index++) {
                ScriptStatement s = statements.get(index);
                journal.running(c, id, index, truncate(s.sql()));
                if (retriesOn()) {
                    executeAloneRetrying(c, session, watch, m, s);
                } else {
                    execute(c, session.pid(), watch, m, s);
                }
            }
        } catch (SQLException e) {
            throw failedAlone(c, session, watch, m, id, index, e, committedBefore);
        } finally {
            session.resetSession();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        c.setAutoCommit(false);
        try {
            tables.insert(
                    c,
                    List.of(new NewRow(
                            m.versionText(), m.description(), m.script(), m.checksum(), (int) took.toMillis(), true)));
            journal.finish(c, id, "succeeded", statements.size(), null);
            lock.verifyHeld();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            Sql.rollback(c, e);
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
        AppliedMigration result = new AppliedMigration(
                m.versionText(), m.description(), m.script(), m.versionText() == null, false, statements.size(), took);
        progress.accept(result);
        return result;
    }

    private MigratorException failedAlone(
            Connection c,
            Session session,
            BlockerWatch watch,
            ResolvedMigration m,
            long id,
            int index,
            SQLException e,
            List<AppliedMigration> committedBefore)
            throws SQLException {
        if (SqlErrors.isConnectionLost(SqlErrors.rootSqlException(e).getSQLState())) {
            throw e;
        }
        session.resetSession(); // before the journal and the inspector's statements; runAlone's finally is then a no-op
        String error = SqlErrors.rootSqlException(e).getSQLState() + " " + SqlErrors.message(e);
        PartialInspector inspector = new PartialInspector(config.schema(), FrontEnd.of(config.integration()));
        boolean leftNothing = index == 0 && inspector.invalidIndexes(c).isEmpty();
        if (leftNothing) {
            journal.finish(c, id, "rolled-back", 0, error);
            return StatementFailure.translate(
                    e,
                    new StatementFailure.Context(
                            m,
                            m.statements().get(0),
                            List.of(),
                            labels(committedBefore),
                            null,
                            false,
                            watch.lastSeen(),
                            earlier(m),
                            FrontEnd.of(config.integration()),
                            null));
        }
        journal.finish(c, id, "failed", index, error);
        JournalEntry entry = journal.unfinished(c).stream()
                .filter(j -> j.id() == id)
                .findFirst()
                .orElseThrow();
        return inspector.explain(c, entry, e);
    }

    /** Whether a statement that hits ddl-lock-timeout is tried again: retries set, and a timeout to hit. */
    private boolean retriesOn() {
        return config.ddlLockRetries() > 0 && !config.ddlLockTimeout().isZero();
    }

    /**
     * Runs a statement of a transaction after a savepoint, so that a lock timeout rolls back that statement alone and
     * it can be tried again after a pause (up to ddl-lock-retries times); the savepoint is released after it.
     */
    private void executeWithSavepoint(Connection c, int pid, BlockerWatch watch, ResolvedMigration m, ScriptStatement s)
            throws SQLException {
        long first = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            Sql.execute(c, "SAVEPOINT migrator_statement");
            try {
                execute(c, pid, watch, m, s);
            } catch (SQLException e) {
                if (!lockTimeout(e)) {
                    throw e;
                }
                if (attempt > config.ddlLockRetries()) {
                    throw new LockRetriesExhausted(e, attempt);
                }
                Sql.execute(c, "ROLLBACK TO SAVEPOINT migrator_statement");
                pause(m, s, attempt, watch, e);
                continue;
            }
            Sql.execute(c, "RELEASE SAVEPOINT migrator_statement");
            recordRetries(m, s, attempt, first);
            return;
        }
    }

    /**
     * Runs a statement of a step outside a transaction, tried again after a lock timeout when that left nothing
     * behind: a statement PostgreSQL runs atomically (anything that may run in a transaction), or one that may not
     * whose failure left no new INVALID index ({@code CREATE INDEX CONCURRENTLY} that timed out once its index was in
     * the catalog is not retried: the step stops with the partial-step diagnostic, as without retries).
     * {@code DETACH PARTITION ... CONCURRENTLY} is never retried.
     */
    private void executeAloneRetrying(
            Connection c, Session session, BlockerWatch watch, ResolvedMigration m, ScriptStatement s)
            throws SQLException {
        boolean atomic = s.transactional();
        List<String> invalidBefore = atomic ? List.of() : invalidIndexes(c, session);
        long first = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                execute(c, session.pid(), watch, m, s);
            } catch (SQLException e) {
                if (!lockTimeout(e)) {
                    throw e;
                }
                if (!atomic
                        && (DETACH_CONCURRENTLY.matcher(s.sql()).find()
                                || !invalidIndexes(c, session).equals(invalidBefore))) {
                    LOG.info(
                            "[migrator] {} line {} hit ddl-lock-timeout after it changed the catalog; not retried",
                            m.label(),
                            s.line());
                    throw attempt == 1 ? e : new LockRetriesExhausted(e, attempt);
                }
                if (attempt > config.ddlLockRetries()) {
                    throw new LockRetriesExhausted(e, attempt);
                }
                pause(m, s, attempt, watch, e);
                continue;
            }
            recordRetries(m, s, attempt, first);
            return;
        }
    }

    /** The INVALID indexes, read with Migrator's own search path (then the step's settings again). */
    private List<String> invalidIndexes(Connection c, Session session) throws SQLException {
        session.resetSession();
        try {
            return new PartialInspector(config.schema(), FrontEnd.of(config.integration())).invalidIndexes(c);
        } finally {
            session.setForSession();
        }
    }

    private static boolean lockTimeout(SQLException e) {
        return SqlErrors.LOCK_NOT_AVAILABLE.equals(SqlErrors.rootSqlException(e).getSQLState());
    }

    private void recordRetries(ResolvedMigration m, ScriptStatement s, int attempts, long first) {
        if (attempts > 1) {
            Duration waited = Duration.ofNanos(System.nanoTime() - first);
            LOG.info("[migrator] {} line {} got its lock on attempt {}", m.label(), s.line(), attempts);
            retried.add(new LockRetry(m.versionText(), m.script(), s.line(), attempts, waited));
        }
    }

    /**
     * Waits before attempt {@code failed + 1}: 1 s, 2 s, 4 s ... at most 30 s, each 80% to 120% of that at random (so
     * that instances retrying against the same blocker do not line up).
     */
    private void pause(ResolvedMigration m, ScriptStatement s, int failed, BlockerWatch watch, SQLException e)
            throws SQLException {
        long base = Math.min(MAX_PAUSE_MILLIS, 1000L << Math.min(failed - 1, 15));
        long millis = Math.round(base * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
        List<Blocker> blockers = watch.lastSeen();
        LOG.warn(
                "[migrator] {} line {} did not get its lock within ddl-lock-timeout ({} ms){}; retry {} of {} in {} ms",
                m.label(),
                s.line(),
                config.ddlLockTimeout().toMillis(),
                blockers.isEmpty() ? "" : ", blocked by " + blockers.get(0).describe(),
                failed,
                config.ddlLockRetries(),
                millis);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new LockRetriesExhausted(e, failed);
        }
    }

    private void execute(Connection c, int pid, BlockerWatch watch, ResolvedMigration m, ScriptStatement s)
            throws SQLException {
        long start = System.nanoTime();
        if (s.isCopy()) {
            watch.watch(pid, () -> flyway.executeCopy(c, s));
        } else {
            try (Statement statement = c.createStatement()) {
                watch.watch(pid, () -> statement.execute(s.sql()));
                logWarnings(statement.getWarnings());
            }
        }
        // The label and line, never the text: a statement may hold a placeholder's value.
        LOG.debug("[migrator] {} line {}: {} ms", m.label(), s.line(), (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * True unless every statement of {@code m} is plainly free of setting changes: no SET / RESET, no
     * {@code set_config}, and no SELECT, DO, CALL or PERFORM that could run a function that sets one.
     */
    static boolean mayChangeSettings(ResolvedMigration m) {
        for (ScriptStatement s : m.statements()) {
            if (MAY_SET.matcher(s.sql()).find()) {
                return true;
            }
        }
        return false;
    }

    private static void logWarnings(SQLWarning warning) {
        for (SQLWarning w = warning; w != null; w = w.getNextWarning()) {
            LOG.debug("[migrator] {}", Redactor.redact(w.getMessage()));
        }
    }

    private static String revisionBefore(List<ResolvedMigration> group, int index, String previousRevision) {
        String revision = previousRevision;
        for (int i = 0; i < index; i++) {
            if (group.get(i).versionText() != null) {
                revision = group.get(i).versionText();
            }
        }
        return revision;
    }

    /** This build's versioned migrations before {@code m} (all of them before a repeatable one). */
    private List<ResolvedMigration> earlier(ResolvedMigration m) {
        return m.version() == null
                ? known
                : known.stream()
                        .filter(k -> k.version() != null && k.version().compareTo(m.version()) < 0)
                        .toList();
    }

    private static List<String> labels(List<AppliedMigration> applied) {
        return applied.stream()
                .map(a -> a.version() != null ? "V" + a.version() : "R " + a.description())
                .toList();
    }

    /** Where a transaction stands among the batches of an upgrade from an empty database. */
    private record Batch(int number, int count, Batching batching) {
        boolean last() {
            return number == count;
        }

        StatementFailure.Batch failedAt(String firstOfBatch) {
            return new StatementFailure.Batch(number, count, batching, firstOfBatch);
        }
    }

    private static String truncate(String s) {
        return s.length() <= JOURNAL_STATEMENT_MAX ? s : s.substring(0, JOURNAL_STATEMENT_MAX);
    }

    /**
     * The migration session's settings: the configured schema first on the search path and
     * {@code lock_timeout} = ddl-lock-timeout, set per transaction ({@code SET LOCAL}) or, for a
     * non-transactional step, for the session and reset afterwards.
     */
    static final class Session {
        private final Connection c;
        private final String searchPath;
        private final String lockTimeout;
        private final int pid;

        private boolean changed;

        Session(Connection c, MigratorConfig config, int pid) {
            this.c = c;
            this.searchPath = SafeSession.userSearchPath(c, config.schema());
            this.lockTimeout = config.ddlLockTimeout().toMillis() + "ms";
            this.pid = pid;
        }

        int pid() {
            return pid;
        }

        void setLocal() throws SQLException {
            changed = true;
            Sql.queryString(
                    c,
                    "SELECT set_config('search_path', ?, true), set_config('lock_timeout', ?, true)",
                    searchPath,
                    lockTimeout);
        }

        void setForSession() throws SQLException {
            changed = true;
            Sql.queryString(
                    c,
                    "SELECT set_config('search_path', ?, false), set_config('lock_timeout', ?, false)",
                    searchPath,
                    lockTimeout);
        }

        /** Back to Migrator's own settings: the safe search path (a script may have SET it for the session). */
        void resetSession() {
            if (!changed) {
                return;
            }
            changed = false;
            try {
                Sql.execute(
                        c,
                        "SELECT pg_catalog.set_config('search_path', '" + SafeSession.SAFE_PATH
                                + "', false); RESET lock_timeout");
            } catch (SQLException e) {
                LOG.debug("[migrator] Resetting session settings failed: {}", e.getMessage());
            }
        }
    }
}
