package io.lucidity.migrator.internal.migrate;

import io.lucidity.migrator.internal.Redactor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples, on a second connection, who blocks a migration statement that takes long, so that a
 * {@code lock_timeout} can name the blocking sessions and their queries. Nothing runs for statements
 * that finish quickly; the second connection is opened on first need.
 */
final class BlockerWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlockerWatch.class);
    private static final String BLOCKERS_SQL = """
            SELECT a.pid, a.application_name, a.usename, a.state,
                   date_trunc('second', now() - a.xact_start)::text, a.query
              FROM pg_stat_activity a
             WHERE a.pid = ANY (pg_blocking_pids(?))""";

    private final Supplier<Connection> connections;
    private final Duration startAfter;
    private ScheduledExecutorService scheduler;
    private Connection side;
    private volatile List<Blocker> lastSeen = List.of();

    BlockerWatch(Supplier<Connection> connections, Duration ddlLockTimeout) {
        this.connections = connections;
        long half = ddlLockTimeout.isZero() ? 1000 : ddlLockTimeout.toMillis() / 2;
        this.startAfter = Duration.ofMillis(Math.max(50, Math.min(1000, half)));
    }

    /** A call that may take long. */
    interface Call {
        void run() throws SQLException;
    }

    /** Runs {@code call}; while it runs longer than a moment, samples who blocks backend {@code pid}. */
    void watch(int pid, Call call) throws SQLException {
        lastSeen = List.of();
        ScheduledFuture<?> sampling = scheduler()
                .scheduleWithFixedDelay(() -> sample(pid), startAfter.toMillis(), 250, TimeUnit.MILLISECONDS);
        try {
            call.run();
        } finally {
            sampling.cancel(false);
        }
    }

    /** The blockers seen at the last sample that found any. */
    List<Blocker> lastSeen() {
        return lastSeen;
    }

    private synchronized void sample(int pid) {
        try {
            if (side == null) {
                side = connections.get();
            }
            List<Blocker> found = new ArrayList<>();
            try (PreparedStatement ps = side.prepareStatement(BLOCKERS_SQL)) {
                ps.setInt(1, pid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(new Blocker(
                                rs.getInt(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                Redactor.redact(rs.getString(6))));
                    }
                }
            }
            if (!found.isEmpty()) {
                if (lastSeen.isEmpty()) {
                    LOG.info(
                            "[migrator] Migration statement is waiting for a lock held by {}",
                            found.get(0).describe());
                }
                lastSeen = List.copyOf(found);
            }
        } catch (RuntimeException | SQLException e) {
            LOG.debug("[migrator] Could not sample blocking sessions: {}", Redactor.redact(e.getMessage()));
        }
    }

    private synchronized ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "migrator-blocker-watch");
                t.setDaemon(true);
                return t;
            });
        }
        return scheduler;
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (side != null) {
            try {
                side.close();
            } catch (SQLException e) {
                LOG.debug("[migrator] Closing the blocker-watch connection failed: {}", e.getMessage());
            }
        }
    }
}
