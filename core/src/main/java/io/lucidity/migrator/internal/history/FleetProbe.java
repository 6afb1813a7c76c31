package io.lucidity.migrator.internal.history;

import io.lucidity.migrator.internal.jdbc.FirstQuery;
import io.lucidity.migrator.internal.jdbc.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link StateProbe} of many schema tenants of one database at once, in a number of statements that does not grow
 * with the tenants but by one per {@link #CHUNK} of them: a catalog query finds the tenants whose bookkeeping objects
 * are all there, trusted ({@link Bookkeeping}'s rules: owner, plain table, no foreign trigger, rule or policy) and
 * whose history summary is set up; then one statement per chunk reads, for each of those, its live summary row, its
 * unfinished steps and its seed digest (a {@code UNION ALL} over the tenants' tables, each name quoted).
 *
 * <p>A tenant missing from the answer (no tables, an untrusted object, a summary not set up or stale) is not known to
 * be at head: the caller upgrades it as one schema, which inspects, refuses or repairs what this probe left alone.
 * Every statement here runs on a {@link io.lucidity.migrator.internal.jdbc.SafeSession} connection.
 */
public final class FleetProbe {
    /**
     * Tenants per probe statement. A statement holds a share lock on each table it reads (about six relations per
     * tenant) until it ends, in the server's shared lock table (default: 64 × max_connections entries): 100 tenants
     * keep well inside it even with several instances probing at once.
     */
    public static final int CHUNK = 100;

    private static final String CANDIDATES = """
            WITH RECURSIVE mine(r) AS (
                    SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user
                  UNION
                    SELECT m.roleid FROM pg_catalog.pg_auth_members m JOIN mine ON m.member = mine.r),
                 trusted(r) AS (SELECT r FROM mine UNION SELECT oid FROM pg_catalog.pg_roles WHERE rolsuper),
                 t(nsp, ord) AS (SELECT * FROM pg_catalog.unnest(?::text[]) WITH ORDINALITY),
                 p(tbl, fname, mark, trg, summary) AS (SELECT ?::text, ?::text, ?::text, ?::text, ?::text),
                 rel AS (SELECT n.nspname AS nsp, n.oid AS nspoid, c.oid, c.relname, c.relkind, c.relowner,
                                c.relrowsecurity
                           FROM t JOIN pg_catalog.pg_namespace n ON n.nspname = t.nsp
                           JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid, p
                          WHERE c.relname IN (p.tbl, ?, ?, p.summary)),
                 fn AS (SELECT f.pronamespace AS nspoid, f.oid FROM pg_catalog.pg_proc f, p
                         WHERE f.pronamespace IN (SELECT nspoid FROM rel) AND f.proname = p.fname AND f.pronargs = 0
                           AND f.prokind = 'f' AND f.proowner IN (SELECT r FROM trusted)
                           AND f.prosrc LIKE '%' || p.mark || '%'
                           AND NOT pg_catalog.has_function_privilege('public', f.oid, 'EXECUTE')),
                 ok AS (SELECT rel.nsp FROM rel JOIN fn ON fn.nspoid = rel.nspoid, p
                         WHERE rel.relkind = 'r' AND rel.relowner IN (SELECT r FROM trusted) AND NOT rel.relrowsecurity
                           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_rewrite w WHERE w.ev_class = rel.oid)
                           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy o WHERE o.polrelid = rel.oid)
                           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger g WHERE g.tgrelid = rel.oid
                                 AND NOT (rel.relname = p.tbl AND g.tgname = p.trg AND g.tgfoid = fn.oid))
                           AND (rel.relname <> p.summary
                                OR EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = rel.oid
                                            AND a.attname = 'trigger_xmin' AND NOT a.attisdropped))
                         GROUP BY rel.nsp HAVING count(*) = 4)
            SELECT t.nsp, (SELECT pg_catalog.string_agg(e.extname || '=' || e.extversion, ',')
                             FROM pg_catalog.pg_extension e WHERE e.extname = ANY(?::text[])),
                   pg_catalog.pg_is_in_recovery()
              FROM t JOIN ok ON ok.nsp = t.nsp
             ORDER BY t.ord""";

    private final String table;

    /** @param table the history table's name (the same in every tenant schema) */
    public FleetProbe(String table) {
        this.table = table;
    }

    /**
     * The tenants whose bookkeeping objects may be probed together, and the database's facts, read by one catalog query.
     *
     * @param probed         the tenants that may be probed, in the order asked
     * @param extensions     the installed versions of the asked extensions (per database: read once)
     * @param inRecovery     the server is a hot standby
     */
    public record Candidates(List<String> probed, Map<String, String> extensions, boolean inRecovery) {}

    /** The catalog query as a query that can follow a session's hardening in the same round trip. */
    public FirstQuery<Candidates> candidates(List<String> tenants, String[] extensionNames) {
        return new FirstQuery<>() {
            @Override
            public String sql() {
                return CANDIDATES;
            }

            @Override
            public int bind(PreparedStatement ps, int first) throws SQLException {
                Connection c = ps.getConnection();
                int i = first;
                ps.setArray(i++, c.createArrayOf("text", tenants.toArray(String[]::new)));
                ps.setString(i++, table);
                ps.setString(i++, BookkeepingTables.SUMMARY_FUNCTION);
                ps.setString(i++, Bookkeeping.FUNCTION_MARK);
                ps.setString(i++, BookkeepingTables.SUMMARY_TRIGGER);
                ps.setString(i++, BookkeepingTables.SUMMARY);
                ps.setString(i++, BookkeepingTables.JOURNAL);
                ps.setString(i++, BookkeepingTables.SEED_JOURNAL);
                ps.setArray(i++, c.createArrayOf("text", extensionNames));
                return i;
            }

            @Override
            public Candidates read(ResultSet rs) throws SQLException {
                List<String> probed = new ArrayList<>();
                String extensions = null;
                boolean inRecovery = false;
                while (rs.next()) {
                    probed.add(rs.getString(1));
                    extensions = rs.getString(2);
                    inRecovery = rs.getBoolean(3);
                }
                return new Candidates(List.copyOf(probed), StateProbe.parseExtensions(extensions), inRecovery);
            }
        };
    }

    /** Runs the catalog query on its own (when it could not follow the hardening). */
    public Candidates candidates(Connection c, List<String> tenants, String[] extensionNames) throws SQLException {
        FirstQuery<Candidates> query = candidates(tenants, extensionNames);
        try (PreparedStatement ps = c.prepareStatement(query.sql())) {
            query.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                return query.read(rs);
            }
        }
    }

    /**
     * The probe of each candidate whose summary is live, one statement per {@link #CHUNK} tenants. A tenant whose
     * summary is stale (its history changed since it was summarized) or whose summary trigger is not the one installed
     * is left out.
     *
     * @return each probed tenant's state, as {@link StateProbe#probe} returns it for that tenant alone
     */
    public Map<String, StateProbe.Result> probe(Connection c, Candidates candidates, String[] seedNames)
            throws SQLException {
        Map<String, StateProbe.Result> results = new LinkedHashMap<>();
        List<String> tenants = candidates.probed();
        for (int from = 0; from < tenants.size(); from += CHUNK) {
            List<String> chunk = tenants.subList(from, Math.min(tenants.size(), from + CHUNK));
            try (PreparedStatement ps = c.prepareStatement(chunkSql(chunk.size(), chunk))) {
                int i = 1;
                ps.setString(i++, table);
                ps.setArray(i++, c.createArrayOf("text", seedNames));
                for (String tenant : chunk) {
                    ps.setString(i++, Sql.qualified(tenant, table));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        results.put(
                                chunk.get(rs.getInt(1)),
                                new StateProbe.Result(
                                        true,
                                        rs.getLong(2),
                                        rs.getString(3),
                                        rs.getString(4),
                                        rs.getString(5),
                                        rs.getLong(6),
                                        rs.getLong(7),
                                        rs.getString(8),
                                        candidates.extensions(),
                                        candidates.inRecovery(),
                                        true));
                    }
                }
            }
        }
        return results;
    }

    /** One branch per tenant, each reading its own quoted tables; parameters: table, seed names, then one per tenant. */
    private static String chunkSql(int size, List<String> chunk) {
        StringBuilder sql = new StringBuilder("WITH p AS (SELECT ?::text AS tbl, ?::text[] AS seeds) ");
        for (int i = 0; i < size; i++) {
            BookkeepingTables tables = new BookkeepingTables(chunk.get(i), "unused");
            sql.append(i == 0 ? "" : " UNION ALL ")
                    .append("SELECT ")
                    .append(i)
                    .append(", s.versioned_count, s.versioned_digest, s.baselines, s.repeatable_digest, s.failed, ")
                    .append(StateProbe.unfinishedSql(tables))
                    .append(", ")
                    .append(StateProbe.seedDigestSql(tables, "p.seeds"))
                    .append(" FROM ")
                    .append(tables.summary())
                    .append(" s, p WHERE s.history_table = p.tbl AND s.summarized_generation = s.generation AND ")
                    .append(BookkeepingTables.summaryTriggerLive("s", "pg_catalog.to_regclass(?)", "p.tbl"));
        }
        return sql.toString();
    }
}
