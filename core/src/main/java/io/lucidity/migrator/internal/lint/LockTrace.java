package io.lucidity.migrator.internal.lint;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.internal.Facts;
import io.lucidity.migrator.internal.Redactor;
import io.lucidity.migrator.internal.Workspace;
import io.lucidity.migrator.internal.config.FrontEnd;
import io.lucidity.migrator.internal.extension.Extensions;
import io.lucidity.migrator.internal.history.HistoryView;
import io.lucidity.migrator.internal.jdbc.SafeSession;
import io.lucidity.migrator.internal.jdbc.Sql;
import io.lucidity.migrator.internal.jdbc.SqlErrors;
import io.lucidity.migrator.internal.migrate.Executor;
import io.lucidity.migrator.internal.migrate.Planner;
import io.lucidity.migrator.internal.resolve.MigrationCatalog;
import io.lucidity.migrator.internal.resolve.ResolvedMigration;
import io.lucidity.migrator.internal.resolve.ScriptStatement;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the locks the pending migrations take: on a scratch database of the same server
 * ({@code migrator_trace_<UTC time>_<random>}, created by the migration role) it replays the applied migrations
 * (the schema as the live database has it, without its data), then runs the pending ones statement by statement as
 * the executor would (same statements, same lines, same transactions) and reads, after each statement, the relation
 * locks its own backend holds ({@code pg_locks}). The last transaction is rolled back, and the scratch database is
 * always dropped; a trace that died with its JVM leaves one behind, which the next trace drops after an hour.
 *
 * <p>A statement that cannot run in a transaction block runs outside one; its locks are sampled from a second session
 * while it runs. That session holds a snapshot, so that a build that waits for older snapshots ({@code CREATE INDEX
 * CONCURRENTLY}, {@code REINDEX CONCURRENTLY}) waits for it and can be seen holding its lock; a statement that
 * finishes at once may show none. Such statements are reported with {@code traced = false} and the reason.
 */
public final class LockTrace {
    private static final Logger LOG = LoggerFactory.getLogger(LockTrace.class);

    /** The prefix of every scratch database's name. */
    public static final String PREFIX = "migrator_trace_";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);
    private static final Pattern SCRATCH_NAME = Pattern.compile("migrator_trace_(\\d{14})_[0-9a-f]+");
    private static final Duration LEFTOVER_AGE = Duration.ofHours(1);
    private static final Duration SAMPLE_CAP = Duration.ofSeconds(3);
    /** OIDs below this one are the catalog's own (FirstNormalObjectId). */
    private static final long FIRST_USER_OID = 16384;

    /** The lock modes from weakest to strongest, as pg_locks names them. */
    private static final List<String> MODES = List.of(
            "AccessShareLock",
            "RowShareLock",
            "RowExclusiveLock",
            "ShareUpdateExclusiveLock",
            "ShareLock",
            "ShareRowExclusiveLock",
            "ExclusiveLock",
            "AccessExclusiveLock");

    private static final String LOCKS = """
            SELECT l.relation::pg_catalog.int8, l.mode,
                   CASE WHEN n.nspname IS NOT NULL THEN pg_catalog.format('%I.%I', n.nspname, c.relname) END,
                   n.nspname
              FROM pg_catalog.pg_locks l
              LEFT JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) l.relation
              LEFT JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
             WHERE l.pid OPERATOR(pg_catalog.=) ? AND l.locktype OPERATOR(pg_catalog.=) 'relation' AND l.granted
               AND l.relation::pg_catalog.int8 OPERATOR(pg_catalog.>=) ?
               AND l.database OPERATOR(pg_catalog.=) (SELECT d.oid FROM pg_catalog.pg_database d
                                                       WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database())""";

    private static final String NAMES = """
            SELECT c.oid::pg_catalog.int8, pg_catalog.format('%I.%I', n.nspname, c.relname)
              FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
             WHERE c.oid::pg_catalog.int8 OPERATOR(pg_catalog.>=) ?
               AND n.nspname OPERATOR(pg_catalog.<>) 'pg_toast'""";

    /**
     * A relation lock a statement took.
     *
     * @param relation the relation, schema-qualified and quoted as needed ({@code public.items})
     * @param mode     the lock mode in SQL words: {@code ACCESS EXCLUSIVE}, {@code SHARE}, ...
     */
    public record TracedLock(String relation, String mode) {}

    /**
     * One pending statement and the locks it newly took (relations the transaction did not already hold in that mode;
     * the strongest new mode per relation).
     *
     * @param migration the migration's label ({@code V3 add_index})
     * @param file      its file, as diagnostics show it
     * @param line      the line the statement starts on (the executor's line)
     * @param sql       the statement, placeholders replaced
     * @param locks     the locks it took, strongest first
     * @param traced    true when measured in a transaction; false when it ran outside one (locks sampled) or failed
     * @param reason    why it is not {@code traced}, else null
     */
    public record TracedStatement(
            String migration,
            String file,
            int line,
            String sql,
            List<TracedLock> locks,
            boolean traced,
            String reason) {

        /** The mode this statement took on {@code relation}, or null. */
        public String modeOn(String relation) {
            return locks.stream()
                    .filter(l -> l.relation().equals(relation))
                    .map(TracedLock::mode)
                    .findFirst()
                    .orElse(null);
        }
    }

    /**
     * What a trace measured.
     *
     * @param database   the scratch database's name (dropped when this is returned); null when nothing was pending
     * @param statements the pending statements in order, up to the one that failed
     * @param failure    null, or the error of the statement that failed (the trace stopped there)
     */
    public record Result(String database, List<TracedStatement> statements, String failure) {
        /** True when a pending statement failed on the scratch copy. */
        public boolean failed() {
            return failure != null;
        }
    }

    private final Workspace ws;
    private final Map<Long, String> names = new HashMap<>();

    private LockTrace(Workspace ws) {
        this.ws = ws;
    }

    /**
     * Traces this build's pending migrations (to head) against the live database's history.
     *
     * @throws MigratorException {@code MIGRATOR-PRIVILEGE} when the migration role may not create a database; the
     *                           planner's refusals (failed history rows, changed checksums, ...); a replay failure
     */
    public static Result run(Workspace ws) {
        return new LockTrace(ws).trace();
    }

    private Result trace() {
        List<ResolvedMigration> applied = new ArrayList<>();
        List<ResolvedMigration> pending = new ArrayList<>();
        String database = PREFIX + STAMP.format(LocalDateTime.now(ZoneOffset.UTC)) + "_" + randomHex();
        try (Workspace.Session s = ws.open()) {
            Connection live = s.connection();
            ws.scripts().bind(live);
            MigrationCatalog catalog = ws.catalog();
            HistoryView history = new HistoryView(ws.tables().load(live, s.state()));
            Planner.Plan plan = new Planner(ws.config()).plan(catalog, history, catalog.headVersion(), true);
            Set<ResolvedMigration> pendingSet = new HashSet<>(plan.versioned());
            pendingSet.addAll(plan.repeatable());
            for (ResolvedMigration m : catalog.versioned()) {
                if (!pendingSet.contains(m)) {
                    applied.add(m); // applied, or below the baseline (the schema it stands for)
                }
            }
            for (ResolvedMigration m : catalog.repeatable()) {
                if (!pendingSet.contains(m) && history.repeatable().containsKey(m.description())) {
                    applied.add(m);
                }
            }
            pending.addAll(plan.versioned());
            pending.addAll(plan.repeatable());
            dropLeftovers(live);
            if (pending.isEmpty()) {
                return new Result(null, List.of(), null); // nothing to trace: no scratch database
            }
            create(live, database);
            try {
                return traceIn(database, applied, pending);
            } finally {
                drop(live, database);
            }
        } catch (SQLException e) {
            throw MigratorException.of(
                    DiagnosticCode.DATABASE_ERROR,
                    "Tracing the pending migrations' locks failed: " + SqlErrors.message(e),
                    Facts.of("SQL state", SqlErrors.rootSqlException(e).getSQLState())
                            .and("scratch database", database)
                            .map(),
                    "Check the server's log for the error; the scratch database is dropped (a leftover is dropped by "
                            + "the next trace after an hour).",
                    e);
        }
    }

    private Result traceIn(String database, List<ResolvedMigration> applied, List<ResolvedMigration> pending)
            throws SQLException {
        try (Connection c = ws.connections().migrationTo(database);
                Connection side = ws.connections().migrationTo(database)) {
            prepare(c);
            for (ResolvedMigration m : applied) {
                replay(c, m);
            }
            loadNames(c);
            int pid = (int) Sql.queryLong(c, "SELECT pg_catalog.pg_backend_pid()", 0);
            String userPath = SafeSession.userSearchPath(c, ws.config().schema());
            List<TracedStatement> traced = new ArrayList<>();
            List<List<ResolvedMigration>> groups =
                    Executor.groups(pending, ws.config().transactionMode());
            for (int g = 0; g < groups.size(); g++) {
                List<ResolvedMigration> group = groups.get(g);
                boolean last = g == groups.size() - 1;
                String failure = group.size() == 1 && !group.get(0).transactional()
                        ? outside(c, side, pid, userPath, group.get(0), traced)
                        : inTransaction(c, pid, userPath, group, !last, traced);
                if (failure != null) {
                    return new Result(database, List.copyOf(traced), failure);
                }
            }
            return new Result(database, List.copyOf(traced), null);
        }
    }

    /** The configured schema and extensions, as the upgrade creates them before the first migration. */
    private void prepare(Connection c) throws SQLException {
        Sql.execute(c, "CREATE SCHEMA IF NOT EXISTS " + Sql.ident(ws.config().schema()));
        Extensions.ensure(c, ws.config().extensions(), FrontEnd.of(ws.config().integration()));
    }

    /** Runs an applied migration on the scratch database, committed. */
    private void replay(Connection c, ResolvedMigration m) throws SQLException {
        ScriptStatement current = null;
        boolean transactional = m.transactional();
        String path = SafeSession.userSearchPath(c, ws.config().schema());
        try {
            c.setAutoCommit(!transactional);
            setPath(c, path, transactional);
            for (ScriptStatement s : m.statements()) {
                current = s;
                execute(c, s);
            }
            if (transactional) {
                c.commit();
            }
        } catch (SQLException e) {
            if (transactional) {
                Sql.rollback(c, e);
            }
            throw MigratorException.of(
                    DiagnosticCode.DATABASE_ERROR,
                    "The applied migration " + m.label() + " could not be replayed on an empty scratch database, so "
                            + "the pending migrations' locks cannot be traced.",
                    Facts.of("migration", m.displayPath())
                            .and("line", current == null ? null : current.line())
                            .and("error", SqlErrors.rootSqlException(e).getSQLState() + " " + SqlErrors.message(e))
                            .map(),
                    "The schema the applied migrations build differs from the one they built on the live database "
                            + "(an object created by hand, or data a migration needs). Trace against a database "
                            + "that holds only what the migrations build, or use the static checks alone.",
                    e);
        } finally {
            c.setAutoCommit(true);
            setPath(c, SafeSession.SAFE_PATH, false);
        }
    }

    /**
     * Runs a group of transactional migrations in one transaction, reading the locks after each statement; commits it
     * when {@code keep} (a later step runs outside a transaction and must see it), else rolls it back.
     *
     * @return the failure, or null
     */
    private String inTransaction(
            Connection c,
            int pid,
            String userPath,
            List<ResolvedMigration> group,
            boolean keep,
            List<TracedStatement> out)
            throws SQLException {
        c.setAutoCommit(false);
        Map<Long, String> held = new HashMap<>();
        try {
            for (ResolvedMigration m : group) {
                setPath(c, userPath, true);
                for (ScriptStatement s : m.statements()) {
                    try {
                        execute(c, s);
                    } catch (SQLException e) {
                        out.add(failed(m, s, e));
                        return out.get(out.size() - 1).reason();
                    }
                    setPath(c, SafeSession.SAFE_PATH, true);
                    Map<Long, String> now = locks(c, pid);
                    out.add(new TracedStatement(
                            m.label(), m.displayPath(), s.line(), s.sql(), newLocks(held, now), true, null));
                    held = now;
                    setPath(c, userPath, true);
                }
            }
            if (keep) {
                c.commit();
            }
            return null;
        } finally {
            rollbackQuietly(c);
            c.setAutoCommit(true);
            setPath(c, SafeSession.SAFE_PATH, false);
        }
    }

    /**
     * Runs a migration that cannot run in a transaction: a statement that may run in one runs in a short one (its
     * locks read as in {@link #inTransaction}); one that may not runs alone while {@code side} samples its locks.
     *
     * @return the failure, or null
     */
    private String outside(
            Connection c, Connection side, int pid, String userPath, ResolvedMigration m, List<TracedStatement> out)
            throws SQLException {
        try {
            setPath(c, userPath, false);
            for (ScriptStatement s : m.statements()) {
                if (s.transactional()) {
                    c.setAutoCommit(false);
                    try {
                        execute(c, s);
                        Map<Long, String> now = locksSafely(c, pid, userPath);
                        out.add(new TracedStatement(
                                m.label(), m.displayPath(), s.line(), s.sql(), newLocks(Map.of(), now), true, null));
                        c.commit();
                    } catch (SQLException e) {
                        Sql.rollback(c, e);
                        out.add(failed(m, s, e));
                        return out.get(out.size() - 1).reason();
                    } finally {
                        c.setAutoCommit(true);
                    }
                    continue;
                }
                Sampled sampled = sampled(c, side, pid, s);
                if (sampled.error() != null) {
                    out.add(failed(m, s, sampled.error()));
                    return out.get(out.size() - 1).reason();
                }
                setPath(c, SafeSession.SAFE_PATH, false);
                resolve(c, sampled.locks().keySet());
                setPath(c, userPath, false);
                out.add(new TracedStatement(
                        m.label(),
                        m.displayPath(),
                        s.line(),
                        s.sql(),
                        newLocks(Map.of(), sampled.locks()),
                        false,
                        sampled.waited()
                                ? "cannot run in a transaction: run alone, its locks sampled from another session "
                                        + "while it waited for that session's snapshot"
                                : "cannot run in a transaction: run alone, its locks sampled from another session "
                                        + "while it ran; it finished before it could be seen waiting, so locks may be "
                                        + "missing"));
            }
            return null;
        } finally {
            setPath(c, SafeSession.SAFE_PATH, false);
        }
    }

    /** What sampling a statement outside a transaction saw: the strongest mode per relation oid. */
    private record Sampled(Map<Long, String> locks, boolean waited, SQLException error) {}

    /**
     * Runs {@code s} on {@code c} on another thread while {@code side} holds a snapshot (in a repeatable-read
     * transaction) and samples the relation locks of backend {@code pid} until the statement waits for that snapshot,
     * ends, or {@link #SAMPLE_CAP} passes; then ends the snapshot's transaction and lets the statement finish.
     */
    private Sampled sampled(Connection c, Connection side, int pid, ScriptStatement s) throws SQLException {
        Map<Long, String> seen = new HashMap<>();
        boolean waited = false;
        side.setAutoCommit(false);
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "migrator-lock-trace");
            t.setDaemon(true);
            return t;
        });
        try {
            side.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            Sql.queryLong(side, "SELECT 1", 0); // takes the snapshot, held until the rollback below
            Future<Void> running = runner.submit(() -> {
                execute(c, s);
                return null;
            });
            long deadline = System.nanoTime() + SAMPLE_CAP.toNanos();
            try (PreparedStatement locks = side.prepareStatement(LOCKS);
                    PreparedStatement blocked = side.prepareStatement(
                            "SELECT pg_catalog.pg_backend_pid() OPERATOR(pg_catalog.=) ANY (pg_catalog.pg_blocking_pids(?))")) {
                while (!running.isDone() && System.nanoTime() < deadline) {
                    // Whether it waits for our snapshot first, then its locks: a statement found waiting holds the
                    // locks it waits with, so the sample taken after that answer sees them (sampled before it, a
                    // statement just started could show none yet).
                    blocked.setInt(1, pid);
                    try (ResultSet rs = blocked.executeQuery()) {
                        waited = rs.next() && rs.getBoolean(1);
                    }
                    locks.setInt(1, pid);
                    locks.setLong(2, FIRST_USER_OID);
                    try (ResultSet rs = locks.executeQuery()) {
                        while (rs.next()) {
                            if (!"pg_toast".equals(rs.getString(4))) {
                                seen.merge(rs.getLong(1), rs.getString(2), LockTrace::stronger);
                            }
                        }
                    }
                    if (waited) {
                        break;
                    }
                    sleep(5);
                }
            }
            side.rollback();
            try {
                running.get(1, TimeUnit.HOURS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof SQLException sql) {
                    return new Sampled(seen, waited, sql);
                }
                throw new IllegalStateException(e.getCause());
            } catch (TimeoutException e) {
                throw new SQLException("The traced statement did not finish", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("Interrupted while tracing", e);
            }
            return new Sampled(seen, waited, null);
        } finally {
            rollbackQuietly(side);
            side.setAutoCommit(true);
            runner.shutdownNow();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The relation locks of backend {@code pid} (user relations), strongest mode per oid; names remembered. */
    private Map<Long, String> locks(Connection c, int pid) throws SQLException {
        Map<Long, String> now = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(LOCKS)) {
            ps.setInt(1, pid);
            ps.setLong(2, FIRST_USER_OID);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long oid = rs.getLong(1);
                    String schema = rs.getString(4);
                    if ("pg_toast".equals(schema)) {
                        continue;
                    }
                    if (schema != null) {
                        // The name a statement met: a table renamed by this statement keeps its name from before.
                        names.putIfAbsent(oid, rs.getString(3));
                    }
                    now.merge(oid, rs.getString(2), LockTrace::stronger);
                }
            }
        }
        return now;
    }

    /** {@link #locks} with the safe search path for the session, then {@code userPath} again. */
    private Map<Long, String> locksSafely(Connection c, int pid, String userPath) throws SQLException {
        setPath(c, SafeSession.SAFE_PATH, true);
        Map<Long, String> now = locks(c, pid);
        setPath(c, userPath, true);
        return now;
    }

    /** The names of every user relation, for those a later statement drops. */
    private void loadNames(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(NAMES)) {
            ps.setLong(1, FIRST_USER_OID);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
    }

    /** Looks up the names of {@code oids} not known yet. */
    private void resolve(Connection c, Set<Long> oids) throws SQLException {
        for (Long oid : oids) {
            if (!names.containsKey(oid)) {
                String name = Sql.queryString(
                        c,
                        "SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) FROM pg_catalog.pg_class c "
                                + "JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace "
                                + "WHERE c.oid::pg_catalog.int8 OPERATOR(pg_catalog.=) ?",
                        oid);
                if (name != null) {
                    names.put(oid, name);
                }
            }
        }
    }

    /**
     * The locks in {@code now} that {@code held} did not have in that mode or a stronger one, strongest first (then by
     * name).
     */
    private List<TracedLock> newLocks(Map<Long, String> held, Map<Long, String> now) {
        List<TracedLock> taken = new ArrayList<>();
        List<String> order = new ArrayList<>();
        Map<String, String> byName = new LinkedHashMap<>();
        for (Map.Entry<Long, String> e : now.entrySet()) {
            String before = held.get(e.getKey());
            if (before != null && MODES.indexOf(before) >= MODES.indexOf(e.getValue())) {
                continue;
            }
            String name = names.getOrDefault(e.getKey(), "oid " + e.getKey());
            byName.merge(name, e.getValue(), LockTrace::stronger);
        }
        order.addAll(byName.keySet());
        order.sort((a, b) -> {
            int strength = MODES.indexOf(byName.get(b)) - MODES.indexOf(byName.get(a));
            return strength != 0 ? strength : a.compareTo(b);
        });
        for (String name : order) {
            taken.add(new TracedLock(name, sqlWords(byName.get(name))));
        }
        return List.copyOf(taken);
    }

    private static String stronger(String a, String b) {
        return MODES.indexOf(a) >= MODES.indexOf(b) ? a : b;
    }

    /** {@code ShareRowExclusiveLock} → {@code SHARE ROW EXCLUSIVE}. */
    static String sqlWords(String mode) {
        String bare = mode.endsWith("Lock") ? mode.substring(0, mode.length() - 4) : mode;
        return bare.replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
    }

    private TracedStatement failed(ResolvedMigration m, ScriptStatement s, SQLException e) {
        SQLException root = SqlErrors.rootSqlException(e);
        return new TracedStatement(
                m.label(),
                m.displayPath(),
                s.line(),
                s.sql(),
                List.of(),
                false,
                "failed on the scratch copy: " + root.getSQLState() + " " + Redactor.redact(SqlErrors.message(e)));
    }

    private void execute(Connection c, ScriptStatement s) throws SQLException {
        if (s.isCopy()) {
            ws.scripts().executeCopy(c, s);
            return;
        }
        try (Statement statement = c.createStatement()) {
            statement.execute(s.sql());
        }
    }

    private static void setPath(Connection c, String path, boolean local) throws SQLException {
        Sql.queryString(c, "SELECT pg_catalog.set_config('search_path', ?, " + local + ")", path);
    }

    /**
     * Creates the scratch database, from {@code template0}: {@code template1} may hold what another role put in its
     * {@code public} schema (before PostgreSQL 15 any role may create there), and the replay runs as the migration role
     * with the configured schema first on its path. Refused with the remedy when the migration role may not.
     */
    private void create(Connection live, String database) throws SQLException {
        try {
            Sql.execute(live, "CREATE DATABASE " + Sql.ident(database) + " TEMPLATE template0");
        } catch (SQLException e) {
            if (SqlErrors.INSUFFICIENT_PRIVILEGE.equals(
                    SqlErrors.rootSqlException(e).getSQLState())) {
                String role = live.getMetaData().getUserName();
                throw MigratorException.of(
                        DiagnosticCode.INSUFFICIENT_PRIVILEGE,
                        "The lock trace needs a scratch database, and the migration role may not create one.",
                        Facts.of("role", role)
                                .and("scratch database", database)
                                .and("error", SqlErrors.message(e))
                                .map(),
                        "Let the migration role create databases (ALTER ROLE " + Sql.ident(role)
                                + " CREATEDB), or trace with a role that may (a CI database), or lint without --trace.",
                        e);
            }
            throw e;
        }
        LOG.debug("[migrator] Created the scratch database {} for the lock trace", database);
    }

    /** Drops the scratch database; a failure is logged (the next trace drops it after an hour). */
    private static void drop(Connection live, String database) {
        try {
            Sql.execute(live, "DROP DATABASE IF EXISTS " + Sql.ident(database) + force(live));
        } catch (SQLException e) {
            LOG.warn(
                    "[migrator] Could not drop the scratch database {} ({}); the next trace drops it after an hour",
                    database,
                    Redactor.redact(e.getMessage()));
        }
    }

    private static String force(Connection live) throws SQLException {
        return live.getMetaData().getDatabaseMajorVersion() >= 13 ? " WITH (FORCE)" : "";
    }

    /** Drops scratch databases an earlier trace left behind (its JVM died) more than an hour ago. */
    private static void dropLeftovers(Connection live) throws SQLException {
        List<String> old = new ArrayList<>();
        LocalDateTime limit = LocalDateTime.now(ZoneOffset.UTC).minus(LEFTOVER_AGE);
        try (PreparedStatement ps = live.prepareStatement(
                        "SELECT datname FROM pg_catalog.pg_database WHERE pg_catalog.left(datname::pg_catalog.text, "
                                + PREFIX.length() + ") OPERATOR(pg_catalog.=) ?");
                ResultSet rs = bind(ps, PREFIX).executeQuery()) {
            while (rs.next()) {
                Matcher m = SCRATCH_NAME.matcher(rs.getString(1));
                if (!m.matches()) {
                    continue;
                }
                try {
                    if (LocalDateTime.parse(m.group(1), STAMP).isBefore(limit)) {
                        old.add(rs.getString(1));
                    }
                } catch (DateTimeParseException notOurs) {
                    // not a name this class made
                }
            }
        }
        for (String name : old) {
            LOG.info("[migrator] Dropping the scratch database {} left by an earlier lock trace", name);
            drop(live, name);
        }
    }

    private static PreparedStatement bind(PreparedStatement ps, String value) throws SQLException {
        ps.setString(1, value);
        return ps;
    }

    private static String randomHex() {
        byte[] bytes = new byte[4];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debug("[migrator] Rolling back on the scratch database failed: {}", e.getMessage());
        }
    }
}
