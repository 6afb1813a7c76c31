package io.lucidity.migrator.internal;

import io.lucidity.migrator.MigratorConfig;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's share of the server: at most {@code parallelism} schema tenants are upgraded at once in one database,
 * however many instances upgrade the fleet together. Each upgrade of the first pass holds one of {@code parallelism}
 * slots, session-level advisory locks in the two-key space ({@code pg_advisory_lock(int, int)}, apart from the
 * migration locks' one-key space), taken on a connection of its own per worker thread.
 *
 * <p>Three instances started together with {@code parallelism} 4 then run 4 upgrades at once, not 12: on a server
 * whose DDL is limited by its disk syncs and cores, more at once gets less done. A slot is taken before the tenant's
 * lock is tried (without waiting) and never held while waiting for a tenant's lock (the second pass takes none), so a
 * slot holder never waits for another instance: no deadlock.
 *
 * <p>Only for schema tenants with a URL: a DataSource's pool could run out with a connection held per worker, and
 * database tenants have no database in common.
 */
final class FleetSlots implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetSlots.class);

    private static final String TRY = "SELECT s FROM pg_catalog.generate_series(0, ?) AS s "
            + "WHERE pg_catalog.pg_try_advisory_lock(?, s) LIMIT 1";
    private static final String WAIT = "SELECT pg_catalog.pg_advisory_lock(?, ?)";
    private static final String RELEASE = "SELECT pg_catalog.pg_advisory_unlock(?, ?)";

    private final Workspace ws;
    private final int count;
    private final int key;
    private final AtomicInteger workers = new AtomicInteger();
    private final List<Connection> opened = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Worker> worker = new ThreadLocal<>();

    private record Worker(Connection connection, int index) {}

    private FleetSlots(Workspace ws, int count, int key) {
        this.ws = ws;
        this.count = count;
        this.key = key;
    }

    /** The slots of {@code ws}'s fleet, or null where the fleet does not use them (see the class comment). */
    static FleetSlots of(Workspace ws) {
        MigratorConfig c = ws.config();
        if (c.tenantDatabases() != null || c.url() == null) {
            return null;
        }
        return new FleetSlots(ws, Math.max(1, c.parallelism()), key(c.table()));
    }

    /** The first key: the fleets sharing a database and a history table name share their slots. */
    static int key(String table) {
        int h = 0x4d494752; // "MIGR"
        for (byte b : ("migrator fleet slots " + table).getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return h;
    }

    /** A slot held until closed. */
    interface Slot extends AutoCloseable {
        /** The hardened session holding the slot, for a quick check on the way; null without one. */
        default Connection connection() {
            return null;
        }

        @Override
        void close();
    }

    private record Held(FleetSlots slots, Worker worker, int slot) implements Slot {
        @Override
        public Connection connection() {
            return worker.connection();
        }

        @Override
        public void close() {
            slots.release(worker, slot);
        }
    }

    /**
     * Takes a free slot, waiting for one when every slot is held (by this instance's other workers or another
     * instance). When the slot's session fails, the upgrade goes on without one: the slots spread the load, they do
     * not guard anything.
     */
    Slot take() {
        Worker w;
        try {
            w = worker();
            Integer free = tryAny(w.connection());
            int slot = free != null ? free : w.index() % count;
            if (free == null) {
                LOG.debug("[migrator] Every fleet slot is held; waiting for slot {}", slot);
                try (PreparedStatement ps = w.connection().prepareStatement(WAIT)) {
                    ps.setInt(1, key);
                    ps.setInt(2, slot);
                    ps.execute();
                }
            }
            return new Held(this, w, slot);
        } catch (SQLException e) {
            LOG.debug("[migrator] No fleet slot ({}); upgrading without one", e.getMessage());
            return () -> {};
        }
    }

    /** This worker thread's session (opened on first use), holding a slot or not; null when it cannot be opened. */
    Connection session() {
        try {
            return worker().connection();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("[migrator] No fleet slot session: {}", e.getMessage());
            return null;
        }
    }

    private Integer tryAny(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(TRY)) {
            ps.setInt(1, count - 1);
            ps.setInt(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    private void release(Worker w, int slot) {
        try (PreparedStatement ps = w.connection().prepareStatement(RELEASE)) {
            ps.setInt(1, key);
            ps.setInt(2, slot);
            ps.execute();
        } catch (SQLException e) {
            // The session is gone, and the slot with it.
            LOG.debug("[migrator] Releasing fleet slot {} failed: {}", slot, e.getMessage());
        }
    }

    private Worker worker() throws SQLException {
        Worker w = worker.get();
        if (w == null) {
            Connection connection = ws.connections().direct();
            opened.add(connection);
            w = new Worker(connection, workers.getAndIncrement());
            worker.set(w);
        }
        return w;
    }

    /** Ends every worker's session, and the slots they held with them. */
    @Override
    public void close() {
        for (Connection connection : opened) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("[migrator] Closing a fleet slot session failed: {}", e.getMessage());
            }
        }
        opened.clear();
    }
}
