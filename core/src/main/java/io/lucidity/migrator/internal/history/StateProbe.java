package io.lucidity.migrator.internal.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fast path's single round trip: one query that digests the applied migrations, repeatable
 * checksums, failed rows, unfinished steps, seed checksums, extension versions and recovery state, so
 * that "already at head" is decided without the lock and without reading history rows into Java. The
 * history part comes from a summary row that a trigger marks stale on every change of the history, so the
 * query costs the same at 5,000 migrations as at 50.
 */
public final class StateProbe {

    /**
     * What the database says, digested.
     *
     * @param tablesExist     false when a bookkeeping table is missing (all other fields are then empty)
     * @param versionedCount  applied versioned migrations (successful, not hidden by a DELETE row)
     * @param versionedDigest md5 of {@code version:checksum} joined by commas in version text order
     * @param baselines       comma-joined baseline versions, or null
     * @param repeatableDigest md5 of {@code description:checksum} of the latest successful repeatable rows
     * @param failed          failed history rows
     * @param unfinished      non-transactional steps started and not succeeded
     * @param seedDigest      md5 of {@code name:checksum} of the journaled seeds among the given names
     * @param extensions      installed versions of the asked extensions
     * @param inRecovery      true on a hot standby
     * @param fromSummary     true when read from a live summary row (the summary is set up and its trigger live)
     */
    public record Result(
            boolean tablesExist,
            long versionedCount,
            String versionedDigest,
            String baselines,
            String repeatableDigest,
            long failed,
            long unfinished,
            String seedDigest,
            Map<String, String> extensions,
            boolean inRecovery,
            boolean fromSummary) {}

    private static final Logger LOG = LoggerFactory.getLogger(StateProbe.class);

    private final BookkeepingTables tables;

    public StateProbe(BookkeepingTables tables) {
        this.tables = tables;
    }

    /**
     * Runs the probe on the bookkeeping objects {@code state} (read just before, on the same connection, and
     * trusted) says exist. With a live summary (see {@link BookkeepingTables#installSummary}) it reads one summary row
     * instead of the history, so its cost does not grow with the history; when the summary is stale it aggregates
     * the history and stores the result for the next call. A missing history table yields
     * {@code tablesExist=false} and the extension facts only, without a query.
     */
    public Result probe(Connection c, Bookkeeping state, String[] extensionNames, String[] seedNames)
            throws SQLException {
        if (!state.history()) {
            return new Result(false, 0, "", null, "", 0, 0, "", Map.of(), false, false);
        }
        if (state.summary()) {
            Result fromSummary = fromSummary(c, state, extensionNames, seedNames);
            if (fromSummary != null) {
                return fromSummary;
            }
        }
        Aggregate a = aggregate(c, state, extensionNames, seedNames);
        if (a.generation() != null && !a.result().inRecovery() && c.getAutoCommit()) {
            store(c, a);
        }
        return a.result();
    }

    /**
     * Aggregates the history and stores the summary (after the history was written under the lock), so that the
     * next probe, in this process or another, reads the summary. Does nothing without a summary table.
     *
     * @param state the bookkeeping objects as they are now (trusted, all tables there)
     */
    public void summarize(Connection c, Bookkeeping state) {
        try {
            if (state.summary() && state.untrusted().isEmpty() && c.getAutoCommit()) {
                store(c, aggregate(c, state, new String[0], new String[0]));
            }
        } catch (SQLException e) {
            LOG.debug("[migrator] The history was not summarized: {}", e.getMessage());
        }
    }

    /** The facts outside the history: unfinished steps, seed checksums, extensions, recovery. */
    private String others(Bookkeeping known) {
        return (known.journal() ? " " + unfinishedSql(tables) + ", " : " 0, ")
                + (known.seedJournal() ? " " + seedDigestSql(tables, "?") + ", " : " '', ")
                + " (SELECT string_agg(extname || '=' || extversion, ',') FROM pg_extension WHERE extname = ANY(?)), "
                + " pg_is_in_recovery() ";
    }

    /** The count of unfinished non-transactional steps of {@code tables}' journal, as a scalar subquery. */
    static String unfinishedSql(BookkeepingTables tables) {
        return "(SELECT count(*) FROM " + tables.journal() + " WHERE kind = '" + Journal.NON_TRANSACTIONAL
                + "'   AND outcome IN ('running', 'failed'))";
    }

    /** The digest of the journaled seeds named by the text array {@code names} (SQL), as a scalar subquery. */
    static String seedDigestSql(BookkeepingTables tables, String names) {
        return "(SELECT " + Digest.sql("name", "checksum") + " FROM " + tables.seedJournal() + " WHERE name = ANY("
                + names + "))";
    }

    private int bindOthers(
            Connection c,
            PreparedStatement ps,
            int index,
            Bookkeeping known,
            String[] extensionNames,
            String[] seedNames)
            throws SQLException {
        if (known.seedJournal()) {
            ps.setArray(index++, c.createArrayOf("text", seedNames));
        }
        ps.setArray(index++, c.createArrayOf("text", extensionNames));
        return index;
    }

    /** The probe from the summary row, or null when there is none, it is stale, or its trigger is not live. */
    private Result fromSummary(Connection c, Bookkeeping known, String[] extensionNames, String[] seedNames)
            throws SQLException {
        String sql = "SELECT s.versioned_count, s.versioned_digest, s.baselines, s.repeatable_digest, s.failed, "
                + others(known) + "FROM " + tables.summary() + " s WHERE s.history_table = ? "
                + "AND s.summarized_generation = s.generation AND " + BookkeepingTables.summaryTriggerLive("s");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int index = bindOthers(c, ps, 1, known, extensionNames, seedNames);
            ps.setString(index++, tables.table());
            ps.setString(index++, tables.history());
            ps.setString(index, tables.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? read(rs, true) : null;
            }
        }
    }

    /** A probe from the history rows, with the summary's generation read in the same snapshot (null without one). */
    private record Aggregate(Result result, Long generation) {}

    private Aggregate aggregate(Connection c, Bookkeeping known, String[] extensionNames, String[] seedNames)
            throws SQLException {
        String sql = "WITH h AS (SELECT installed_rank, version, description, type, checksum, success FROM "
                + tables.history() + "), "
                + "v AS (SELECT count(*) AS n, " + Digest.sql("version", "coalesce(checksum::text, '-')")
                + " AS digest FROM h "
                + "  WHERE success AND version IS NOT NULL AND type NOT IN ('BASELINE', 'SCHEMA', 'DELETE') AND type NOT LIKE 'UNDO%' "
                + "  AND NOT EXISTS (SELECT 1 FROM h d WHERE d.type = 'DELETE' AND d.version = h.version "
                + "                  AND d.installed_rank > h.installed_rank)), "
                + "r AS (SELECT " + Digest.sql("description", "coalesce(checksum::text, '-')") + " AS digest FROM "
                + "  (SELECT DISTINCT ON (description) description, checksum, type FROM h "
                + "    WHERE version IS NULL AND success AND type <> 'SCHEMA' ORDER BY description, installed_rank DESC) x "
                + "  WHERE type <> 'DELETE') "
                + "SELECT v.n, v.digest, "
                + " (SELECT string_agg(version, ',') FROM h WHERE type = 'BASELINE' AND success), "
                + " r.digest, "
                + " (SELECT count(*) FROM h WHERE NOT success), "
                + others(known) + ", "
                + (known.summary()
                        ? "(SELECT generation FROM " + tables.summary() + " WHERE history_table = ?) "
                        : "NULL::bigint ")
                + "FROM v, r";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int index = bindOthers(c, ps, 1, known, extensionNames, seedNames);
            if (known.summary()) {
                ps.setString(index, tables.table());
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Result result = read(rs, false);
                long generation = rs.getLong(10);
                return new Aggregate(result, rs.wasNull() ? null : generation);
            }
        }
    }

    /**
     * Stores an aggregate as the summary of the generation it was read at: only if no transaction has changed the
     * history since (the generation is still the same) and none is changing it now (its row lock is skipped, never
     * waited for). Failing to store (a read-only role or session) only costs the next probe an aggregate.
     */
    private void store(Connection c, Aggregate a) {
        Result r = a.result();
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + tables.summary() + " s SET versioned_count = ?, "
                + "versioned_digest = ?, baselines = ?, repeatable_digest = ?, failed = ?, summarized_generation = ? "
                + "WHERE ctid = (SELECT ctid FROM " + tables.summary() + " WHERE history_table = ? AND generation = ? "
                + "FOR UPDATE SKIP LOCKED) AND " + BookkeepingTables.summaryTriggerLive("s"))) {
            ps.setLong(1, r.versionedCount());
            ps.setString(2, r.versionedDigest());
            ps.setString(3, r.baselines());
            ps.setString(4, r.repeatableDigest());
            ps.setLong(5, r.failed());
            ps.setLong(6, a.generation());
            ps.setString(7, tables.table());
            ps.setLong(8, a.generation());
            ps.setString(9, tables.history());
            ps.setString(10, tables.table());
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.debug("[migrator] The history summary was not stored: {}", e.getMessage());
        }
    }

    /** The first nine columns both probe queries select, in the same order. */
    private static Result read(ResultSet rs, boolean fromSummary) throws SQLException {
        return new Result(
                true,
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getLong(5),
                rs.getLong(6),
                rs.getString(7),
                parseExtensions(rs.getString(8)),
                rs.getBoolean(9),
                fromSummary);
    }

    static Map<String, String> parseExtensions(String text) {
        Map<String, String> versions = new LinkedHashMap<>();
        if (text != null) {
            for (String pair : text.split(",")) {
                int eq = pair.indexOf('=');
                versions.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return versions;
    }
}
