package io.lucidity.migrator.internal.history;

import io.lucidity.migrator.internal.jdbc.SqlErrors;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fast path's single round trip: one query that digests the applied migrations, repeatable
 * checksums, failed rows, unfinished steps, seed checksums, extension versions and recovery state, so
 * that "already at head" is decided without the lock and without reading history rows into Java.
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
     */
    public record Result(boolean tablesExist, long versionedCount, String versionedDigest, String baselines,
                         String repeatableDigest, long failed, long unfinished, String seedDigest,
                         Map<String, String> extensions, boolean inRecovery) {
    }

    private final SchemaHistory tables;

    public StateProbe(SchemaHistory tables) {
        this.tables = tables;
    }

    /** Runs the probe; a missing bookkeeping table yields {@code tablesExist=false} and the extension facts only. */
    public Result probe(Connection c, String[] extensionNames, String[] seedNames) throws SQLException {
        try {
            return query(c, extensionNames, seedNames, true, true);
        } catch (SQLException e) {
            if (!SqlErrors.UNDEFINED_TABLE.equals(e.getSQLState()) && !"3F000".equals(e.getSQLState())) {
                throw e;
            }
        }
        boolean journal;
        boolean seedJournal;
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL, to_regclass(?) IS NOT NULL, to_regclass(?) IS NOT NULL")) {
            ps.setString(1, tables.history());
            ps.setString(2, tables.journal());
            ps.setString(3, tables.seedJournal());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return new Result(false, 0, "", null, "", 0, 0, "", Map.of(), false);
                }
                journal = rs.getBoolean(2);
                seedJournal = rs.getBoolean(3);
            }
        }
        return query(c, extensionNames, seedNames, journal, seedJournal);
    }

    private Result query(Connection c, String[] extensionNames, String[] seedNames, boolean journal, boolean seedJournal)
            throws SQLException {
        String sql = "WITH h AS (SELECT installed_rank, version, description, type, checksum, success FROM " + tables.history() + "), "
                + "v AS (SELECT count(*) AS n, coalesce(md5(string_agg(version || ':' || coalesce(checksum::text, '-'), ',' "
                + "  ORDER BY version COLLATE \"C\")), '') AS digest FROM h "
                + "  WHERE success AND version IS NOT NULL AND type NOT IN ('BASELINE', 'SCHEMA', 'DELETE') AND type NOT LIKE 'UNDO%' "
                + "  AND NOT EXISTS (SELECT 1 FROM h d WHERE d.type = 'DELETE' AND d.version = h.version "
                + "                  AND d.installed_rank > h.installed_rank)), "
                + "r AS (SELECT coalesce(md5(string_agg(description || ':' || coalesce(checksum::text, '-'), ',' "
                + "  ORDER BY description COLLATE \"C\")), '') AS digest FROM "
                + "  (SELECT DISTINCT ON (description) description, checksum, type FROM h "
                + "    WHERE version IS NULL AND success AND type <> 'SCHEMA' ORDER BY description, installed_rank DESC) x "
                + "  WHERE type <> 'DELETE') "
                + "SELECT v.n, v.digest, "
                + " (SELECT string_agg(version, ',') FROM h WHERE type = 'BASELINE' AND success), "
                + " r.digest, "
                + " (SELECT count(*) FROM h WHERE NOT success), "
                + (journal ? " (SELECT count(*) FROM " + tables.journal() + " WHERE kind = '" + Journal.NON_TRANSACTIONAL
                + "'   AND outcome IN ('running', 'failed')), " : " 0, ")
                + (seedJournal ? " (SELECT coalesce(md5(string_agg(name || ':' || checksum, ',' ORDER BY name COLLATE \"C\")), '') FROM "
                + tables.seedJournal() + " WHERE name = ANY(?)), " : " '', ")
                + " (SELECT string_agg(extname || '=' || extversion, ',') FROM pg_extension WHERE extname = ANY(?)), "
                + " pg_is_in_recovery() "
                + "FROM v, r";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Array seeds = c.createArrayOf("text", seedNames);
            Array extensions = c.createArrayOf("text", extensionNames);
            int index = 1;
            if (seedJournal) {
                ps.setArray(index++, seeds);
            }
            ps.setArray(index, extensions);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Result(true, rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getLong(6), rs.getString(7), parseExtensions(rs.getString(8)), rs.getBoolean(9));
            }
        }
    }

    private static Map<String, String> parseExtensions(String text) {
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
