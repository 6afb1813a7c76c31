package io.lucidity.migrator.internal.migrate;

import io.lucidity.migrator.TransactionMode;
import io.lucidity.migrator.internal.history.BookkeepingTables;
import io.lucidity.migrator.internal.history.HistoryView;
import io.lucidity.migrator.internal.history.Journal;
import io.lucidity.migrator.internal.resolve.ResolvedMigration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;

/**
 * How an upgrade from an empty database splits a long run of transactional migrations into transactions that fit the
 * server's lock table.
 *
 * <p>One transaction takes a lock on every object it creates or alters and keeps it until it ends; the server's
 * shared lock table holds {@code max_locks_per_transaction × (max_connections + max_prepared_transactions)} of them.
 * A history of thousands of migrations applied in one transaction outgrows it ({@code 53200 out of shared memory}).
 * Where the database held nothing, nothing is lost by committing along the way: the run is applied in batches of
 * whole migrations, each batch in its own transaction under the same migration lock. Where the database already held
 * data, "all or none" is kept: the single transaction as configured.
 *
 * <p>A batch holds at most {@link #statementsPerBatch()} statements (one migration alone may exceed it): a quarter of
 * the shared lock table, counted at four locks a statement (a {@code CREATE TABLE} with a primary key takes two or
 * three), so that three quarters of the table stay free for the other sessions. On a default server (64 × 100) that is
 * 400 statements.
 *
 * <p>Its journal entry ({@link Journal#BATCHED}, with the version it brings the database to) stays {@code running}
 * until the last batch commits: starting again after a failure in a batch continues in batches, although the database
 * now holds the batches committed before, as long as the history is below that version.
 *
 * @param statementsPerBatch     the most statements a batch holds (a migration larger than that is a batch alone)
 * @param maxLocksPerTransaction the server's {@code max_locks_per_transaction}
 * @param lockTableSlots         the server's {@code max_connections + max_prepared_transactions}
 * @param resumed                whether this continues a batched upgrade from empty that stopped at a failure
 */
public record Batching(int statementsPerBatch, int maxLocksPerTransaction, int lockTableSlots, boolean resumed) {
    /** Locks counted for each statement: a wide margin over what a DDL statement usually takes. */
    static final int LOCKS_PER_STATEMENT = 4;
    /** The part of the shared lock table a batch may fill. */
    static final int SHARE_OF_LOCK_TABLE = 4;

    /**
     * One row: the objects of {@code schema} that are not Migrator's bookkeeping (a relation other than the bookkeeping
     * tables and the sequences tables own, a function, a domain, enum or range type; members of an extension left out),
     * counted only when the history is empty; the server's lock table settings; and whether a batched upgrade from
     * empty is running (the version it brings the database to, {@code ""} for none; null when none runs).
     */
    private static final String QUERY = "SELECT CASE WHEN ? THEN"
            + " (SELECT count(*) FROM pg_catalog.pg_class r WHERE r.relnamespace = n.oid"
            + "   AND r.relkind IN ('r', 'p', 'v', 'm', 'f', 'S', 'c') AND r.relname <> ALL (?)"
            + "   AND NOT (r.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d"
            + "     WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = r.oid"
            + "     AND d.deptype IN ('a', 'i')))"
            + "   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e"
            + "     WHERE e.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND e.objid = r.oid AND e.deptype = 'e'))"
            + " + (SELECT count(*) FROM pg_catalog.pg_proc p WHERE p.pronamespace = n.oid AND p.proname <> ?"
            + "   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e"
            + "     WHERE e.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND e.objid = p.oid AND e.deptype = 'e'))"
            + " + (SELECT count(*) FROM pg_catalog.pg_type t WHERE t.typnamespace = n.oid"
            + "   AND t.typtype IN ('d', 'e', 'r', 'm')"
            + "   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e"
            + "     WHERE e.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND e.objid = t.oid"
            + "     AND e.deptype IN ('e', 'i'))) END,"
            + " (SELECT setting::int FROM pg_catalog.pg_settings WHERE name = 'max_locks_per_transaction'),"
            + " (SELECT setting::int FROM pg_catalog.pg_settings WHERE name = 'max_connections'),"
            + " (SELECT setting::int FROM pg_catalog.pg_settings WHERE name = 'max_prepared_transactions'),"
            + " (SELECT coalesce(version, '') FROM %s WHERE kind = ? AND outcome = 'running' ORDER BY id DESC LIMIT 1)"
            + " FROM pg_catalog.pg_namespace n WHERE n.nspname = ?";

    /**
     * The batching for {@code pending} when the database is empty (or a batched upgrade from empty stopped at a
     * failure), else null: one transaction as configured.
     *
     * <p>Empty means: the history holds no row at all (no migration, baseline, failure or stamp ever recorded), and
     * the schema holds nothing but Migrator's bookkeeping and members of extensions. Also null in
     * {@link TransactionMode#PER_MIGRATION} (already a transaction per migration), from empty when the pending
     * transactional statements fit in one batch (one transaction, as before), and on a database with history when
     * fewer than two transactional migrations are pending (nothing to split: no round trip spent).
     */
    public static Batching forEmptyDatabase(
            Connection c,
            TransactionMode mode,
            BookkeepingTables tables,
            HistoryView history,
            List<ResolvedMigration> pending)
            throws SQLException {
        boolean historyEmpty = history.rows().isEmpty();
        long transactional =
                pending.stream().filter(ResolvedMigration::transactional).count();
        if (mode != TransactionMode.SINGLE || transactional < (historyEmpty ? 1 : 2)) {
            return null;
        }
        try (PreparedStatement s = c.prepareStatement(String.format(QUERY, tables.journal()))) {
            s.setBoolean(1, historyEmpty);
            s.setArray(2, c.createArrayOf("text", new Object[] {
                tables.table(), BookkeepingTables.JOURNAL, BookkeepingTables.SEED_JOURNAL, BookkeepingTables.SUMMARY
            }));
            s.setString(3, BookkeepingTables.SUMMARY_FUNCTION);
            s.setString(4, Journal.BATCHED);
            s.setString(5, tables.schema());
            Batching batching = null;
            String running = null;
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null; // no such schema: not expected once the bookkeeping tables exist
                }
                running = rs.getString(5);
                batching = of(rs.getInt(2), rs.getInt(3) + rs.getInt(4), !historyEmpty);
                if (historyEmpty
                        ? rs.getLong(1) != 0 || transactionalStatements(pending) <= batching.statementsPerBatch()
                        : !below(history.current(), running)) {
                    // From empty: the schema holds objects, or one transaction suffices. With history: no batched
                    // upgrade from empty stopped below its version (continued, however short the rest).
                    batching = null;
                }
            }
            if (batching == null && running != null) {
                // A batched upgrade that committed nothing, or whose version was reached since: nothing to continue.
                new Journal(tables).finishBatched(c, historyEmpty ? "abandoned" : "succeeded");
            }
            return batching;
        }
    }

    /** Whether the history's {@code current} version is below a running batched upgrade's {@code target}. */
    private static boolean below(MigrationVersion current, String target) {
        if (target == null) {
            return false;
        }
        return target.isEmpty() || current == null || current.compareTo(MigrationVersion.fromVersion(target)) < 0;
    }

    /** The batching for a server's settings. */
    static Batching of(int maxLocksPerTransaction, int lockTableSlots, boolean resumed) {
        long budget = (long) maxLocksPerTransaction * lockTableSlots / SHARE_OF_LOCK_TABLE / LOCKS_PER_STATEMENT;
        return new Batching(
                (int) Math.max(1, Math.min(Integer.MAX_VALUE, budget)),
                maxLocksPerTransaction,
                lockTableSlots,
                resumed);
    }

    private static long transactionalStatements(List<ResolvedMigration> pending) {
        return pending.stream()
                .filter(ResolvedMigration::transactional)
                .mapToLong(m -> m.statements().size())
                .sum();
    }

    /**
     * The sizing, for messages: {@code at most 400 statements a batch: a quarter of the server's lock table
     * (max_locks_per_transaction 64 × max_connections + max_prepared_transactions 100) at four locks a statement}.
     */
    public String describe() {
        return "at most " + statementsPerBatch + " statements a batch: a quarter of the server's lock table "
                + "(max_locks_per_transaction " + maxLocksPerTransaction
                + " × max_connections + max_prepared_transactions " + lockTableSlots + ") at four locks a statement";
    }
}
