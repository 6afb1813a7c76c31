package io.lucidity.migrator.internal.lock;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.LockHolder;
import io.lucidity.migrator.LockLostException;
import io.lucidity.migrator.LockTimeoutException;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.internal.Facts;
import io.lucidity.migrator.internal.Redactor;
import io.lucidity.migrator.internal.config.FrontEnd;
import io.lucidity.migrator.internal.jdbc.Sql;
import io.lucidity.migrator.internal.jdbc.SqlErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migration lock: one PostgreSQL session-level advisory lock, keyed by database and schema, held on
 * one connection for the whole upgrade. It is waited for in short slices ({@code pg_advisory_lock} under a
 * statement-local {@code lock_timeout}), so a waiter takes it the moment it is released, the wait can be
 * logged and bounded, and a statement timeout cannot cut it short; it dies with the connection, so a killed
 * instance leaves nothing to release by hand.
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

    /** The longest single wait in the server's lock queue; the holder is re-read and the deadline checked between. */
    private static final long WAIT_SLICE_MS = 250;

    private final long key;
    private final String schema;
    private final FrontEnd frontEnd;

    private MigrationLock(long key, String schema, FrontEnd frontEnd) {
        this.key = key;
        this.schema = schema;
        this.frontEnd = frontEnd;
    }

    /** The lock of {@code schema} in the connection's database. */
    public static MigrationLock of(Connection connection, String schema) throws SQLException {
        return of(connection, schema, FrontEnd.CODE);
    }

    /** The lock of {@code schema} in the connection's database; its remedies name settings in {@code frontEnd}'s words. */
    public static MigrationLock of(Connection connection, String schema, FrontEnd frontEnd) throws SQLException {
        long key = Sql.queryLong(connection,
                "SELECT hashtextextended('io.lucidity.migrator:' || current_database() || ':' || ?, 0)", 0, schema);
        return new MigrationLock(key, schema, frontEnd);
    }

    /** The 64-bit advisory lock key. */
    public long key() {
        return key;
    }

    /** Work run while the lock is held. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Takes the lock on {@code connection}, runs {@code work}, releases the lock. If releasing fails after
     * {@code work} failed, the release failure is logged and added as suppressed; the original is thrown.
     *
     * @param waited receives how long the wait took
     * @throws LockTimeoutException naming the holder when the lock is not free within {@code timeout}
     */
    public <T> T withLock(Connection connection, Duration timeout, Duration logInterval, java.util.function.Consumer<Duration> waited,
                          Work<T> work) {
        long start = System.nanoTime();
        acquire(connection, timeout, logInterval);
        waited.accept(Duration.ofNanos(System.nanoTime() - start));
        Throwable failure = null;
        try {
            return work.run();
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } catch (SQLException e) {
            MigratorException wrapped = new MigratorException(DiagnosticCode.DATABASE_ERROR,
                    "A database call failed while holding the migration lock: " + Redactor.redact(e.getMessage()),
                    Facts.of("SQLState", e.getSQLState()).and("error", e.getMessage()).map(),
                    "Check the database log for the cause and start again; nothing half-done was committed.", e);
            failure = wrapped;
            throw wrapped;
        } finally {
            release(connection, failure);
        }
    }

    private void acquire(Connection connection, Duration timeout, Duration logInterval) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long nextLog = start + logInterval.toNanos();
        try {
            if (tryLock(connection)) {
                return;
            }
            while (true) {
                long now = System.nanoTime();
                if (now >= deadline) {
                    throw timeout(connection, timeout);
                }
                if (now >= nextLog) {
                    LockHolder holder = holder(connection);
                    LOG.info("[migrator] Waiting {} s for the migration lock of schema {}, held by {}",
                            Duration.ofNanos(now - start).toSeconds(), schema,
                            holder == null ? "a session that just released it" : holder.describe());
                    nextLog = now + logInterval.toNanos();
                }
                if (waitForLock(connection, Math.max(1, Math.min(WAIT_SLICE_MS, (deadline - now) / 1_000_000)))) {
                    return;
                }
            }
        } catch (SQLException e) {
            throw new MigratorException(DiagnosticCode.DATABASE_ERROR, "Taking the migration lock failed.",
                    Facts.of("SQLState", e.getSQLState()).and("error", e.getMessage()).map(),
                    "Check the connection to the database and retry.", e);
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
     * Waits in the server's lock queue for at most {@code millis}: {@code lock_timeout} is set for this one
     * statement (its own transaction), so the wait ends the moment the holder releases, in queue order, and is
     * never longer than a slice. A {@code statement_timeout} shorter than the slice only shortens the slice.
     */
    private boolean waitForLock(Connection connection, long millis) throws SQLException {
        if (!connection.getAutoCommit()) {
            sleep(millis);
            return tryLock(connection);
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT set_config('lock_timeout', ?, true), pg_advisory_lock(?)")) {
            ps.setString(1, millis + "ms");
            ps.setLong(2, key);
            ps.executeQuery().close();
            return true;
        } catch (SQLException e) {
            if (SqlErrors.LOCK_NOT_AVAILABLE.equals(e.getSQLState()) || SqlErrors.QUERY_CANCELED.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private void release(Connection connection, Throwable earlier) {
        try {
            boolean released = "t".equals(Sql.queryString(connection, "SELECT pg_advisory_unlock(?)", key));
            if (!released) {
                LOG.warn("[migrator] The migration lock was not held at release (key {}); was the session reset by a pooler?", key);
            }
        } catch (SQLException e) {
            if (earlier != null) {
                earlier.addSuppressed(e);
                LOG.warn("[migrator] Releasing the migration lock failed after an earlier error; the lock ends with the session: {}",
                        Redactor.redact(e.getMessage()));
            } else {
                LOG.warn("[migrator] Releasing the migration lock failed; it ends with the session: {}", Redactor.redact(e.getMessage()));
            }
        }
    }

    /**
     * Checks that this session still holds the lock, as it must before committing migrations.
     *
     * @throws LockLostException when it does not (e.g. a transaction-pooling PgBouncer moved the session)
     */
    public void verifyHeld(Connection connection) throws SQLException {
        long held = Sql.queryLong(connection, """
                SELECT count(*) FROM pg_locks
                 WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()
                   AND classid = ?::bigint::oid AND objid = ?::bigint::oid AND objsubid = 1""", 0, key >>> 32, key & 0xFFFFFFFFL);
        if (held == 0) {
            throw new LockLostException(DiagnosticCode.LOCK_LOST,
                    "This session no longer holds the migration lock; the work done under it was rolled back.",
                    Facts.of("schema", schema).and("lock key", key)
                            .and("backend pid now", Sql.queryString(connection, "SELECT pg_backend_pid()")).map(),
                    "Connect migrations directly to PostgreSQL, not through a transaction-pooling PgBouncer: "
                            + "set " + frontEnd.name("migration-url") + " to the server's own address.", null);
        }
    }

    /** The session holding the lock now, or null when it is free. */
    public LockHolder holder(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(HOLDER_SQL)) {
            ps.setLong(1, key >>> 32);
            ps.setLong(2, key & 0xFFFFFFFFL);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new LockHolder(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class), rs.getString(6), Redactor.redact(rs.getString(7)),
                        rs.getObject(8, OffsetDateTime.class), rs.getString(9));
            }
        }
    }

    private LockTimeoutException timeout(Connection connection, Duration timeout) throws SQLException {
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
                    + "If that session is stuck, end it" + (holder.hidden() ? " (as its role, a member of "
                    + "pg_signal_backend or a superuser)" : "") + ": SELECT pg_terminate_backend(" + holder.pid() + ");";
        }
        return new LockTimeoutException(DiagnosticCode.LOCK_TIMEOUT,
                "The migration lock was held by another session for longer than " + timeout.toMillis() + " ms.",
                facts.map(), remedy, null);
    }

    /** The holder's backend start, state and query, or which role they are hidden from. */
    private static void holderActivity(Facts facts, LockHolder holder) {
        if (holder.hidden()) {
            String hidden = "hidden from role " + holder.hiddenFrom();
            facts.and("holder backend start", hidden).and("holder state", hidden).and("holder query", hidden);
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
            throw new IllegalStateException("Interrupted while waiting for the migration lock", e);
        }
    }
}
