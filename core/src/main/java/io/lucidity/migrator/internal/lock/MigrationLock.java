package io.lucidity.migrator.internal.lock;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.LockHolder;
import io.lucidity.migrator.LockTimeoutException;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.internal.Facts;
import io.lucidity.migrator.internal.Redactor;
import io.lucidity.migrator.internal.config.FrontEnd;
import io.lucidity.migrator.internal.jdbc.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migration lock: one PostgreSQL session-level advisory lock, keyed by database and schema, held on
 * one connection for the whole upgrade. A waiter never cancels a statement (the server would log an ERROR for
 * each): it {@code LISTEN}s on a channel named for the key and tries {@code pg_try_advisory_lock} whenever the
 * holder's {@code pg_notify} on release arrives, and at a slow poll for a holder that does not notify. So a
 * waiter takes the lock within milliseconds of the release, the wait can be logged and bounded, and a statement
 * timeout cannot cut it short; the lock dies with the connection, so a killed instance leaves nothing to release
 * by hand.
 */
public final class MigrationLock {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationLock.class);
    /**
     * The holder, and (last column) the role asking when pg_stat_activity hides the holder's details from it: a
     * hidden row has no backend start and the query {@code <insufficient privilege>}, where a visible session on
     * the local socket has a backend start and a NULL client address.
     */
    private static final String HOLDER_SQL = """
            SELECT a.pid, a.application_name, a.usename, host(a.client_addr), a.backend_start, a.state, a.query, a.query_start,
                   CASE WHEN a.backend_start IS NULL AND a.query OPERATOR(pg_catalog.=) '<insufficient privilege>'
                        THEN pg_catalog.quote_ident(current_user) END
              FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
             WHERE l.locktype = 'advisory' AND l.granted
               AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
               AND l.classid = ?::bigint::oid AND l.objid = ?::bigint::oid AND l.objsubid = 1
             LIMIT 1""";

    /**
     * How often a waiter tries the lock without a notification: the pace at which a holder that does not notify on
     * release (another tool, a session that ended) is noticed.
     */
    private static final long POLL_MS = 250;

    private final Connection connection;
    private final long key;
    private final String schema;
    private final FrontEnd frontEnd;

    private MigrationLock(Connection connection, long key, String schema, FrontEnd frontEnd) {
        this.connection = connection;
        this.key = key;
        this.schema = schema;
        this.frontEnd = frontEnd;
    }

    /** The lock of {@code schema} in the connection's database, taken and checked on that connection. */
    public static MigrationLock of(Connection connection, String schema) throws SQLException {
        long key = Sql.queryLong(
                connection,
                "SELECT pg_catalog.hashtextextended('io.lucidity.migrator:' || pg_catalog.current_database() || ':' || ?, 0)",
                0,
                schema);
        return on(connection, key, schema, FrontEnd.CODE);
    }

    /**
     * The lock of {@code key} (as {@code Bookkeeping.SessionFacts} read it), taken and checked on {@code connection}; its
     * remedies name settings in {@code frontEnd}'s words.
     */
    public static MigrationLock on(Connection connection, long key, String schema, FrontEnd frontEnd) {
        return new MigrationLock(connection, key, schema, frontEnd);
    }

    /** The 64-bit advisory lock key. */
    public long key() {
        return key;
    }

    /** The channel a holder notifies on release: named for the key, so one per database and schema. */
    String channel() {
        return "migrator_lock_" + Long.toHexString(key);
    }

    /**
     * How a lock was taken: how long this session waited, and the session that held it when the wait began (null
     * when it was free at once, or released before it could be read).
     */
    public record Wait(Duration duration, LockHolder holder) {
        /** True when the lock was held by another session when this one asked for it. */
        public boolean waited() {
            return holder != null;
        }
    }

    /**
     * Takes the lock on its connection, runs {@code work}, releases the lock. If releasing fails after
     * {@code work} failed, the release failure is logged and added as suppressed; the original is thrown.
     *
     * @param waited receives how long the wait took and whom it waited for
     * @throws LockTimeoutException naming the holder when the lock is not free within {@code timeout}
     */
    public <T> T withLock(Duration timeout, Duration logInterval, Consumer<Wait> waited, Sql.Work<T> work) {
        long start = System.nanoTime();
        LockHolder heldBy = acquire(connection, timeout, logInterval);
        waited.accept(new Wait(Duration.ofNanos(System.nanoTime() - start), heldBy));
        Throwable failure = null;
        try {
            return work.run();
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } catch (SQLException e) {
            MigratorException wrapped = MigratorException.of(
                    DiagnosticCode.DATABASE_ERROR,
                    "A database call failed while holding the migration lock: " + Redactor.redact(e.getMessage()),
                    Facts.of("SQLState", e.getSQLState())
                            .and("error", e.getMessage())
                            .map(),
                    "Check the database log for the cause and start again; nothing half-done was committed.",
                    e);
            failure = wrapped;
            throw wrapped;
        } finally {
            release(connection, failure);
        }
    }

    /** Takes the lock; returns the session that held it when the wait began (null when it was free at once). */
    private LockHolder acquire(Connection connection, Duration timeout, Duration logInterval) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long nextLog = start + logInterval.toNanos();
        LOG.debug("[migrator] Taking the migration lock of schema {}: advisory lock key {}", schema, key);
        try {
            if (tryLock(connection)) {
                return null;
            }
            LockHolder first = holder(connection);
            LOG.debug(
                    "[migrator] The migration lock (key {}) is held by {}; waiting on channel {}",
                    key,
                    first == null ? "a session that just released it" : first.describe(),
                    channel());
            boolean listening = listen(connection);
            try {
                while (!tryLock(connection)) {
                    long now = System.nanoTime();
                    if (now >= deadline) {
                        throw timeout(connection, timeout);
                    }
                    if (now >= nextLog) {
                        LockHolder holder = holder(connection);
                        LOG.info(
                                "[migrator] Waiting {} s for the migration lock of schema {}, held by {}",
                                Duration.ofNanos(now - start).toSeconds(),
                                schema,
                                holder == null ? "a session that just released it" : holder.describe());
                        nextLog = now + logInterval.toNanos();
                    }
                    long pause = Math.max(1, Math.min(POLL_MS, (Math.min(deadline, nextLog) - now) / 1_000_000 + 1));
                    awaitRelease(connection, listening, pause);
                }
            } finally {
                if (listening) {
                    unlisten(connection);
                }
            }
            return first;
        } catch (SQLException e) {
            throw MigratorException.of(
                    DiagnosticCode.DATABASE_ERROR,
                    "Taking the migration lock failed.",
                    Facts.of("SQLState", e.getSQLState())
                            .and("error", e.getMessage())
                            .map(),
                    "Check the connection to the database and retry.",
                    e);
        }
    }

    private boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Subscribes to the holder's release notification. Only in autocommit (a LISTEN inside a transaction takes effect
     * at its commit) and only on a primary (a standby refuses LISTEN): otherwise the waiter polls.
     */
    private boolean listen(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()
                || !connection.isWrapperFor(PGConnection.class)
                || "t".equals(Sql.queryString(connection, "SELECT pg_is_in_recovery()"))) {
            return false;
        }
        Sql.execute(connection, "LISTEN " + Sql.ident(channel()));
        return true;
    }

    /** Stops listening and drops notifications already received, so that a pooled session goes back clean. */
    private void unlisten(Connection connection) {
        try {
            Sql.execute(connection, "UNLISTEN " + Sql.ident(channel()));
            connection.unwrap(PGConnection.class).getNotifications();
        } catch (SQLException e) {
            LOG.debug("[migrator] UNLISTEN {} failed: {}", channel(), e.getMessage());
        }
    }

    /**
     * Waits at most {@code millis} for the holder's release notification (without running a statement, so neither
     * lock_timeout nor statement_timeout applies), or sleeps that long when not listening.
     */
    private static void awaitRelease(Connection connection, boolean listening, long millis) throws SQLException {
        if (listening) {
            connection.unwrap(PGConnection.class).getNotifications((int) millis);
        } else {
            sleep(millis);
        }
    }

    private void release(Connection connection, Throwable earlier) {
        try {
            // The notification is sent when this statement commits, after the unlock: a waiter woken by it finds the
            // lock free. Inside a transaction it would wait for a commit that may not come; waiters then poll.
            boolean released = connection.getAutoCommit()
                    ? "t"
                            .equals(Sql.queryString(
                                    connection, "SELECT pg_advisory_unlock(?) FROM pg_notify(?, '')", key, channel()))
                    : "t".equals(Sql.queryString(connection, "SELECT pg_advisory_unlock(?)", key));
            if (!released) {
                LOG.warn(
                        "[migrator] The migration lock was not held at release (key {}); was the session reset by a pooler?",
                        key);
            }
        } catch (SQLException e) {
            if (earlier != null) {
                earlier.addSuppressed(e);
                LOG.warn(
                        "[migrator] Releasing the migration lock failed after an earlier error; the lock ends with the session: {}",
                        Redactor.redact(e.getMessage()));
            } else {
                LOG.warn(
                        "[migrator] Releasing the migration lock failed; it ends with the session: {}",
                        Redactor.redact(e.getMessage()));
            }
        }
    }

    /**
     * Checks that this session still holds the lock, as it must before committing migrations.
     *
     * @throws MigratorException when it does not (e.g. a transaction-pooling PgBouncer moved the session)
     */
    public void verifyHeld() throws SQLException {
        long held = Sql.queryLong(connection, """
                SELECT count(*) FROM pg_locks
                 WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()
                   AND classid = ?::bigint::oid AND objid = ?::bigint::oid AND objsubid = 1""", 0, key >>> 32, key & 0xFFFFFFFFL);
        if (held == 0) {
            throw MigratorException.of(
                    DiagnosticCode.LOCK_LOST,
                    "This session no longer holds the migration lock; the work done under it was rolled back.",
                    Facts.of("schema", schema)
                            .and("lock key", key)
                            .and("backend pid now", Sql.queryString(connection, "SELECT pg_backend_pid()"))
                            .map(),
                    "Connect migrations directly to PostgreSQL, not through a transaction-pooling PgBouncer: " + "set "
                            + frontEnd.name("migration-url") + " to the server's own address.",
                    null);
        }
    }

    /** The session holding the lock now, or null when it is free. */
    public LockHolder holder() throws SQLException {
        return holder(connection);
    }

    private LockHolder holder(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(HOLDER_SQL)) {
            ps.setLong(1, key >>> 32);
            ps.setLong(2, key & 0xFFFFFFFFL);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new LockHolder(
                        rs.getInt(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class),
                        rs.getString(6),
                        Redactor.redact(rs.getString(7)),
                        rs.getObject(8, OffsetDateTime.class),
                        rs.getString(9));
            }
        }
    }

    private MigratorException timeout(Connection connection, Duration timeout) throws SQLException {
        LockHolder holder = holder(connection);
        Facts facts = Facts.of("schema", schema).and("waited", timeout.toMillis() + " ms (lock-timeout)");
        String remedy;
        if (holder == null) {
            facts.and("holder", "released the lock just now");
            remedy = "Start again; the lock is free now.";
        } else {
            facts.and("holder pid", holder.pid())
                    .and("holder application", holder.applicationName())
                    .and("holder user", holder.user())
                    .and("holder client", holder.client());
            holderActivity(facts, holder);
            remedy = "Another instance is migrating: wait for it, or raise " + frontEnd.name("lock-timeout") + ". "
                    + "If that session is stuck, end it"
                    + (holder.hidden() ? " (as its role, a member of " + "pg_signal_backend or a superuser)" : "")
                    + ": SELECT pg_terminate_backend(" + holder.pid() + ");";
        }
        return MigratorException.of(
                DiagnosticCode.LOCK_TIMEOUT,
                "The migration lock was held by another session for longer than " + timeout.toMillis() + " ms.",
                facts.map(),
                remedy,
                null);
    }

    /** The holder's backend start, state and query, or which role they are hidden from. */
    private static void holderActivity(Facts facts, LockHolder holder) {
        if (holder.hidden()) {
            String hidden = "hidden from role " + holder.hiddenFrom();
            facts.and("holder backend start", hidden)
                    .and("holder state", hidden)
                    .and("holder query", hidden);
        } else {
            facts.and("holder backend start", holder.backendStart())
                    .and("holder state", holder.state())
                    .and("holder query", holder.query())
                    .and("holder query start", holder.queryStart());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MigratorException.of(
                    DiagnosticCode.INTERRUPTED,
                    "Interrupted while waiting for the migration lock.",
                    Map.of(),
                    "Nothing ran; start again.",
                    e);
        }
    }
}
