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
 * <p>The catalog query also reads what the {@link FleetSummary} needs: each tenant's fleet triggers (allowed on its
 * three written tables when their function is the tenant's own, trusted; their {@code xmin}s reported when all three
 * are live) and whether the fleet table may be trusted. It is written so that its plan cannot turn quadratic whatever
 * the planner estimates: each tenant's functions are looked up once by their unique index, each table's triggers by
 * one index scan, and no two large intermediate results are joined. (A tenant set up for the fleet summary had its
 * summary's {@code trigger_xmin} column checked when it was set up, and is not checked for it again.)
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
                 nsp AS MATERIALIZED (
                     SELECT n.oid AS nspoid, t.nsp, t.ord,
                            (SELECT f.oid FROM pg_catalog.pg_proc f
                              WHERE f.proname = ? AND f.proargtypes = ''::pg_catalog.oidvector AND f.pronamespace = n.oid
                                AND f.prokind = 'f' AND f.proowner IN (SELECT r FROM trusted)
                                AND f.prosrc LIKE '%' || ? || '%'
                                AND f.proacl IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_catalog.aclexplode(f.proacl) x
                                           WHERE x.grantee = 0 AND x.privilege_type = 'EXECUTE')) AS sf,
                            (SELECT f.oid FROM pg_catalog.pg_proc f
                              WHERE f.proname = ? AND f.proargtypes = ''::pg_catalog.oidvector AND f.pronamespace = n.oid
                                AND f.prokind = 'f' AND f.proowner IN (SELECT r FROM trusted)
                                AND f.prosrc LIKE '%' || ? || '%'
                                AND f.proacl IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_catalog.aclexplode(f.proacl) x
                                           WHERE x.grantee = 0 AND x.privilege_type = 'EXECUTE')) AS ff
                       FROM pg_catalog.unnest(?::text[]) WITH ORDINALITY AS t(nsp, ord)
                       JOIN pg_catalog.pg_namespace n ON n.nspname = t.nsp),
                 rel AS MATERIALIZED (
                     SELECT nsp.nsp, nsp.ord, nsp.sf, nsp.ff, c.oid, c.relname, c.relkind, c.relowner, c.relrowsecurity,
                            c.relhasrules
                       FROM nsp JOIN pg_catalog.pg_class c ON c.relnamespace = nsp.nspoid
                      WHERE c.relname = ANY(?::name[])),
                 chk AS (
                     SELECT rel.nsp, rel.ord, rel.relname,
                            (SELECT ARRAY[pg_catalog.count(*) FILTER (WHERE NOT coalesce(
                                              (rel.relname = ? AND g.tgname = ? AND g.tgfoid = rel.sf)
                                           OR (g.tgname = ? AND g.tgfoid = rel.ff), false))::text,
                                          pg_catalog.max(g.xmin::text) FILTER (WHERE g.tgname = ? AND g.tgfoid = rel.ff
                                              AND g.tgenabled = 'A' AND g.tgnargs = 1
                                              AND g.tgargs = pg_catalog.convert_to(?, 'UTF8') || '\\x00'::bytea
                                              AND rel.relname <> ?)]
                               FROM pg_catalog.pg_trigger g WHERE g.tgrelid = rel.oid) AS t
                       FROM rel
                      WHERE rel.relkind = 'r' AND rel.relowner IN (SELECT r FROM trusted) AND NOT rel.relrowsecurity
                        AND NOT rel.relhasrules AND rel.oid NOT IN (SELECT o.polrelid FROM pg_catalog.pg_policy o)
                        AND (rel.relname <> ? OR rel.ff IS NOT NULL
                             OR EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = rel.oid
                                         AND a.attname = 'trigger_xmin' AND NOT a.attisdropped))
                        AND (rel.relname <> ? OR rel.sf IS NOT NULL)
                     OFFSET 0),
                 ok AS (
                     SELECT chk.nsp, chk.ord,
                            CASE WHEN count(chk.t[2]) = 3 THEN pg_catalog.string_agg(chk.t[2], ',' ORDER BY chk.relname) END AS fx
                       FROM chk WHERE chk.t[1] = '0'
                      GROUP BY chk.nsp, chk.ord HAVING count(*) = 4)
            SELECT ok.nsp, ok.fx, (SELECT pg_catalog.string_agg(e.extname || '=' || e.extversion, ',')
                                     FROM pg_catalog.pg_extension e WHERE e.extname = ANY(?::text[])),
                   pg_catalog.pg_is_in_recovery(),
                   EXISTS (SELECT 1 FROM pg_catalog.pg_class k WHERE k.oid = pg_catalog.to_regclass(?)
                            AND k.relkind = 'r' AND k.relowner IN (SELECT r FROM trusted) AND NOT k.relhastriggers
                            AND NOT k.relhasrules AND NOT k.relrowsecurity)
              FROM ok
             ORDER BY ok.ord""";

    private final String table;
    private final FleetSummary fleet;

    /**
     * @param table the history table's name (the same in every tenant schema)
     * @param fleet the fleet summary to read and keep, or null
     */
    public FleetProbe(String table, FleetSummary fleet) {
        this.table = table;
        this.fleet = fleet;
    }

    /** The fleet summary this probe reads and keeps, or null. */
    public FleetSummary fleet() {
        return fleet;
    }

    /**
     * The tenants whose bookkeeping objects may be probed together, and the database's facts, read by one catalog query.
     *
     * @param probed         the tenants that may be probed, in the order asked
     * @param extensions     the installed versions of the asked extensions (per database: read once)
     * @param inRecovery     the server is a hot standby
     * @param fleetXmins     per tenant whose three fleet triggers are live, their {@code xmin}s (see
     *                       {@link FleetSummary}); empty when the fleet table is missing or not trusted
     * @param fleetTrusted   the fleet table exists and is trusted
     */
    public record Candidates(
            List<String> probed,
            Map<String, String> extensions,
            boolean inRecovery,
            Map<String, String> fleetXmins,
            boolean fleetTrusted) {}

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
                ps.setString(i++, BookkeepingTables.SUMMARY_FUNCTION);
                ps.setString(i++, Bookkeeping.FUNCTION_MARK);
                ps.setString(i++, FleetSummary.FUNCTION);
                ps.setString(i++, FleetSummary.FUNCTION_MARK);
                ps.setArray(i++, c.createArrayOf("text", tenants.toArray(String[]::new)));
                ps.setArray(i++, c.createArrayOf("text", new String[] {
                    table, BookkeepingTables.SUMMARY, BookkeepingTables.JOURNAL, BookkeepingTables.SEED_JOURNAL
                }));
                ps.setString(i++, table);
                ps.setString(i++, BookkeepingTables.SUMMARY_TRIGGER);
                ps.setString(i++, FleetSummary.TRIGGER);
                ps.setString(i++, FleetSummary.TRIGGER);
                ps.setString(i++, table);
                ps.setString(i++, BookkeepingTables.SUMMARY);
                ps.setString(i++, BookkeepingTables.SUMMARY);
                ps.setString(i++, table);
                ps.setArray(i++, c.createArrayOf("text", extensionNames));
                ps.setString(i++, fleet == null ? null : fleet.qualified());
                return i;
            }

            @Override
            public Candidates read(ResultSet rs) throws SQLException {
                List<String> probed = new ArrayList<>();
                Map<String, String> fleetXmins = new LinkedHashMap<>();
                String extensions = null;
                boolean inRecovery = false;
                boolean fleetTrusted = false;
                while (rs.next()) {
                    probed.add(rs.getString(1));
                    if (rs.getString(2) != null) {
                        fleetXmins.put(rs.getString(1), rs.getString(2));
                    }
                    extensions = rs.getString(3);
                    inRecovery = rs.getBoolean(4);
                    fleetTrusted = rs.getBoolean(5);
                }
                return new Candidates(
                        List.copyOf(probed),
                        StateProbe.parseExtensions(extensions),
                        inRecovery,
                        fleetTrusted ? Map.copyOf(fleetXmins) : Map.of(),
                        fleetTrusted);
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
        return probe(c, candidates, candidates.probed(), seedNames, new LinkedHashMap<>());
    }

    /**
     * The probe of {@code tenants} (candidates), also reading, in the same snapshot, each one's fleet generation into
     * {@code generations} when the fleet table is trusted and the tenant's fleet triggers are live.
     */
    public Map<String, StateProbe.Result> probe(
            Connection c,
            Candidates candidates,
            List<String> tenants,
            String[] seedNames,
            Map<String, Long> generations)
            throws SQLException {
        Map<String, StateProbe.Result> results = new LinkedHashMap<>();
        String fleetTable = fleet != null && candidates.fleetTrusted() ? fleet.qualified() : null;
        for (int from = 0; from < tenants.size(); from += CHUNK) {
            List<String> chunk = tenants.subList(from, Math.min(tenants.size(), from + CHUNK));
            try (PreparedStatement ps = c.prepareStatement(chunkSql(chunk.size(), chunk, fleetTable))) {
                int i = 1;
                ps.setString(i++, table);
                ps.setArray(i++, c.createArrayOf("text", seedNames));
                for (String tenant : chunk) {
                    ps.setString(i++, Sql.qualified(tenant, table));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long generation = rs.getLong(9);
                        if (!rs.wasNull() && candidates.fleetXmins().containsKey(chunk.get(rs.getInt(1)))) {
                            generations.put(chunk.get(rs.getInt(1)), generation);
                        }
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
    private static String chunkSql(int size, List<String> chunk, String fleetTable) {
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
                    .append(", ")
                    .append(
                            fleetTable == null
                                    ? "NULL::bigint"
                                    : "(SELECT f.generation FROM " + fleetTable + " f WHERE f.tenant = "
                                            + Sql.literal(chunk.get(i)) + " AND f.history_table = p.tbl)")
                    .append(" FROM ")
                    .append(tables.summary())
                    .append(" s, p WHERE s.history_table = p.tbl AND s.summarized_generation = s.generation AND ")
                    .append(BookkeepingTables.summaryTriggerLive("s", "pg_catalog.to_regclass(?)", "p.tbl"));
        }
        return sql.toString();
    }
}
