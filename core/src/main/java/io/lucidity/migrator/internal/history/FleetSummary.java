package io.lucidity.migrator.internal.history;

import io.lucidity.migrator.internal.jdbc.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One table in the fleet's home schema (the configured {@code schema}) that holds, per schema tenant, what the
 * {@link FleetProbe} last found: so that a fleet at head is checked by reading one table, not every tenant's four.
 *
 * <p>Each tenant row is kept honest by the tenant itself: a statement trigger on each of its three written tables
 * (history, journal, seed journal), enabled ALWAYS, bumps the row's {@code generation} in the same transaction as any
 * change, whoever makes it (Migrator, Flyway, an operator's {@code DELETE}). A row is believed only while its
 * {@code summarized_generation} equals its {@code generation} and the three triggers are the ones its install wrote
 * (their {@code pg_trigger} rows' {@code xmin}, recorded in the row, as for the history summary): a DISABLE then
 * ENABLE, a DROP or a new table voids it, and the tenant is probed table by table again.
 *
 * <p>The trigger function is created per tenant schema by the migration role: SECURITY DEFINER, resolving names in
 * {@code pg_catalog} only, not executable by PUBLIC, refusing any table but the three of its schema, and writing the
 * fleet table only while that table is owned by the function's owner and carries no trigger, rule or row security
 * (so that a role able to drop and re-create the table in the home schema never gets code run by the definer).
 */
public final class FleetSummary {
    /** The fleet table in the home schema. */
    public static final String TABLE = "migrator_fleet_summary";
    /** The trigger function in each tenant schema. */
    public static final String FUNCTION = "migrator_fleet_changed";
    /** The trigger's name on each of the tenant's three tables. */
    public static final String TRIGGER = "migrator_fleet_summary";
    /** The function's body carries this mark; a function without it is not Migrator's. */
    static final String FUNCTION_MARK = "migrator-fleet-trigger-1";

    /**
     * The first key of the transaction-level advisory lock taken while a tenant is set up (two-key space, apart from
     * the migration locks and from the fleet slots' key).
     */
    private static final int LOCK_KEY = 0x4d474653; // "MGFS"

    private final String home;
    private final String table;

    /**
     * @param home  the schema of the fleet table
     * @param table the history table's name (the same in every tenant schema)
     */
    public FleetSummary(String home, String table) {
        this.home = home;
        this.table = table;
    }

    /** The quoted, schema-qualified fleet table. */
    public String qualified() {
        return Sql.qualified(home, TABLE);
    }

    /**
     * Creates the fleet table when it is missing and the role may create it in the home schema (asked first, so that
     * the server logs no refusal); returns false, changing nothing, when it may not. A table another role created is
     * not adopted: the check at head trusts the table only when its owner is trusted ({@link FleetProbe}), and no
     * tenant is set up to write into it.
     */
    public boolean ensureTable(Connection c) {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.to_regclass(?) IS NOT NULL, "
                + "pg_catalog.has_schema_privilege(n.oid, 'CREATE') FROM pg_catalog.pg_namespace n "
                + "WHERE n.nspname = ?")) {
            ps.setString(1, qualified());
            ps.setString(2, home);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false; // no home schema (yet): the tenants' own upgrades do not create it
                }
                if (rs.getBoolean(1)) {
                    return true;
                }
                if (!rs.getBoolean(2)) {
                    return false;
                }
            }
            Sql.execute(
                    c,
                    "CREATE TABLE IF NOT EXISTS " + qualified()
                            + " (tenant TEXT NOT NULL, history_table TEXT NOT NULL, "
                            + "generation BIGINT NOT NULL DEFAULT 0, changed_in BIGINT, summarized_generation BIGINT, "
                            + "trigger_xmins TEXT, versioned_count BIGINT, versioned_digest TEXT, baselines TEXT, "
                            + "repeatable_digest TEXT, failed BIGINT, unfinished BIGINT, seed_names TEXT[], "
                            + "seed_digest TEXT, PRIMARY KEY (tenant, history_table))");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Sets up the triggers of one tenant and its row (stale until {@link #store}), in one transaction that waits at
     * most half a second for the tenant's tables (a tenant another instance is upgrading is set up on a later run).
     *
     * @return true when set up
     */
    public boolean install(Connection c, String tenant) {
        BookkeepingTables tables = new BookkeepingTables(tenant, table);
        String function = Sql.qualified(tenant, FUNCTION);
        List<String> written = List.of(tables.history(), tables.journal(), tables.seedJournal());
        try {
            return Sql.inTransaction(c, () -> {
                // Instances that finish a run together set up the same tenants: one does, the others skip it.
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.pg_try_advisory_xact_lock(?, "
                        + "pg_catalog.hashtext(?)), " + xminsSql("?", "?", "?") + " IS NOT NULL")) {
                    Sql.bind(ps, LOCK_KEY, tenant + "." + table, written.get(0), written.get(1), written.get(2));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (!rs.getBoolean(1) || rs.getBoolean(2)) {
                            return false;
                        }
                    }
                }
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCAL lock_timeout = '500ms'");
                    s.execute("CREATE OR REPLACE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql "
                            + "SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $migrator$ BEGIN "
                            + "-- " + FUNCTION_MARK + ": keeps Migrator's fleet summary, for its own tables only\n"
                            + "IF TG_LEVEL <> 'STATEMENT' OR TG_WHEN <> 'AFTER' OR TG_NARGS <> 1 "
                            + "OR TG_TABLE_SCHEMA <> " + Sql.literal(tenant) + " OR TG_TABLE_NAME NOT IN (TG_ARGV[0], "
                            + Sql.literal(BookkeepingTables.JOURNAL) + ", "
                            + Sql.literal(BookkeepingTables.SEED_JOURNAL)
                            + ") THEN RAISE EXCEPTION '" + FUNCTION + "() fires only after statements on a bookkeeping "
                            + "table of schema %, not on %.%', " + Sql.literal(tenant)
                            + ", TG_TABLE_SCHEMA, TG_TABLE_NAME USING ERRCODE = '42501'; END IF; "
                            + "IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class k WHERE k.oid = pg_catalog.to_regclass("
                            + Sql.literal(qualified()) + ") AND k.relkind = 'r' AND NOT k.relhastriggers "
                            + "AND NOT k.relhasrules AND NOT k.relrowsecurity AND k.relowner = "
                            + "(SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = current_user)) THEN "
                            + "RETURN NULL; END IF; "
                            + "UPDATE " + qualified() + " SET generation = generation + 1, changed_in = txid_current() "
                            + "WHERE tenant = " + Sql.literal(tenant) + " AND history_table = TG_ARGV[0] "
                            + "AND changed_in IS DISTINCT FROM txid_current(); "
                            + "RETURN NULL; END $migrator$");
                    s.execute("REVOKE ALL ON FUNCTION " + function + "() FROM PUBLIC");
                    for (String relation : written) {
                        s.execute("DROP TRIGGER IF EXISTS " + Sql.ident(TRIGGER) + " ON " + relation);
                        s.execute("CREATE TRIGGER " + Sql.ident(TRIGGER) + " AFTER INSERT OR UPDATE OR DELETE OR "
                                + "TRUNCATE ON " + relation + " FOR EACH STATEMENT EXECUTE PROCEDURE " + function + "("
                                + Sql.literal(table) + ")");
                        s.execute("ALTER TABLE " + relation + " ENABLE ALWAYS TRIGGER " + Sql.ident(TRIGGER));
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + qualified()
                        + " AS f (tenant, history_table, trigger_xmins) VALUES (?, ?, " + xminsSql("?", "?", "?")
                        + ") ON CONFLICT (tenant, history_table) DO UPDATE SET generation = f.generation + 1, "
                        + "changed_in = NULL, summarized_generation = NULL, trigger_xmins = excluded.trigger_xmins")) {
                    Sql.bind(ps, tenant, table, written.get(0), written.get(1), written.get(2));
                    ps.executeUpdate();
                }
                return true;
            });
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * The fleet triggers' {@code xmin}s of three relations, in SQL, as one text (in relation name order), or null when
     * one of them has no live trigger; {@code history}, {@code journal} and {@code seedJournal} are regclass-able
     * text expressions.
     */
    private static String xminsSql(String history, String journal, String seedJournal) {
        return "(SELECT CASE WHEN count(*) = 3 THEN pg_catalog.string_agg(g.xmin::text, ',' ORDER BY c.relname) END "
                + "FROM pg_catalog.pg_trigger g JOIN pg_catalog.pg_class c ON c.oid = g.tgrelid "
                + "WHERE g.tgname = '" + TRIGGER + "' AND g.tgenabled = 'A' AND g.tgrelid IN (pg_catalog.to_regclass("
                + history + "), pg_catalog.to_regclass(" + journal + "), pg_catalog.to_regclass(" + seedJournal + ")))";
    }

    /**
     * The rows that are up to date (summarized at their current generation, for these seed names), keyed by tenant:
     * the recorded trigger {@code xmin}s and the state. The caller believes a row only when the recorded {@code xmin}s
     * are the live ones the catalog query found.
     */
    public Map<String, Row> read(Connection c, List<String> tenants, String[] seedNames) throws SQLException {
        Map<String, Row> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT f.tenant, f.trigger_xmins, f.versioned_count, "
                + "f.versioned_digest, f.baselines, f.repeatable_digest, f.failed, f.unfinished, f.seed_digest FROM "
                + qualified() + " f WHERE f.history_table = ? AND f.tenant = ANY(?::text[]) "
                + "AND f.summarized_generation = f.generation AND f.seed_names = ?::text[]")) {
            ps.setString(1, table);
            ps.setArray(2, c.createArrayOf("text", tenants.toArray(String[]::new)));
            ps.setArray(3, c.createArrayOf("text", seedNames));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(
                            rs.getString(1),
                            new Row(
                                    rs.getString(2),
                                    rs.getLong(3),
                                    rs.getString(4),
                                    rs.getString(5),
                                    rs.getString(6),
                                    rs.getLong(7),
                                    rs.getLong(8),
                                    rs.getString(9)));
                }
            }
        }
        return rows;
    }

    /** A fleet row: the trigger {@code xmin}s its install recorded, and the state the probe found. */
    public record Row(
            String triggerXmins,
            long versionedCount,
            String versionedDigest,
            String baselines,
            String repeatableDigest,
            long failed,
            long unfinished,
            String seedDigest) {

        /** The state as the probe returns it, with the database's facts of this run. */
        public StateProbe.Result result(Map<String, String> extensions, boolean inRecovery) {
            return new StateProbe.Result(
                    true,
                    versionedCount,
                    versionedDigest,
                    baselines,
                    repeatableDigest,
                    failed,
                    unfinished,
                    seedDigest,
                    extensions,
                    inRecovery,
                    true);
        }
    }

    /**
     * Stores what the probe found for each tenant, as of the generation the probe read in the same snapshot: only if
     * no transaction has changed the tenant since (the generation is the same) and none is changing it now (its row
     * lock is skipped, never waited for). One statement for all of them.
     *
     * <p>The live trigger {@code xmin}s the catalog query found before the probe are recorded with the state: the
     * triggers were live then, so the probe's snapshot, taken after, holds every change made before (even while they
     * were disabled), and any change after bumps the generation; if they are altered again, the row is not believed.
     *
     * @param states      each tenant's state
     * @param generations each tenant's fleet generation, read with its state
     * @param xmins       each tenant's live fleet trigger {@code xmin}s, read before the probe
     */
    public void store(
            Connection c,
            Map<String, StateProbe.Result> states,
            Map<String, Long> generations,
            Map<String, String> xmins,
            String[] seedNames)
            throws SQLException {
        List<String> tenants = new ArrayList<>();
        List<Long> gens = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        List<String> baselines = new ArrayList<>();
        List<String> repeatables = new ArrayList<>();
        List<Long> failed = new ArrayList<>();
        List<Long> unfinished = new ArrayList<>();
        List<String> seeds = new ArrayList<>();
        List<String> triggers = new ArrayList<>();
        states.forEach((tenant, r) -> {
            Long generation = generations.get(tenant);
            if (generation != null && xmins.get(tenant) != null) {
                tenants.add(tenant);
                triggers.add(xmins.get(tenant));
                gens.add(generation);
                counts.add(r.versionedCount());
                digests.add(r.versionedDigest());
                baselines.add(r.baselines());
                repeatables.add(r.repeatableDigest());
                failed.add(r.failed());
                unfinished.add(r.unfinished());
                seeds.add(r.seedDigest());
            }
        });
        if (tenants.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + qualified() + " f SET versioned_count = v.n, "
                + "versioned_digest = v.digest, baselines = v.baselines, repeatable_digest = v.repeatable, "
                + "failed = v.failed, unfinished = v.unfinished, seed_names = ?::text[], seed_digest = v.seeds, "
                + "trigger_xmins = v.triggers, summarized_generation = v.gen FROM ROWS FROM (pg_catalog.unnest(?::text[]), "
                + "pg_catalog.unnest(?::bigint[]), pg_catalog.unnest(?::bigint[]), pg_catalog.unnest(?::text[]), "
                + "pg_catalog.unnest(?::text[]), pg_catalog.unnest(?::text[]), pg_catalog.unnest(?::bigint[]), "
                + "pg_catalog.unnest(?::bigint[]), pg_catalog.unnest(?::text[]), pg_catalog.unnest(?::text[])) "
                + "AS v(tenant, gen, n, digest, baselines, repeatable, failed, unfinished, seeds, triggers) "
                + "WHERE f.history_table = ? AND f.tenant = v.tenant AND f.generation = v.gen AND f.ctid IN ("
                + "SELECT l.ctid FROM " + qualified() + " l WHERE l.history_table = ? AND l.tenant = ANY(?::text[]) "
                + "FOR UPDATE SKIP LOCKED)")) {
            int i = 1;
            ps.setArray(i++, c.createArrayOf("text", seedNames));
            ps.setArray(i++, c.createArrayOf("text", tenants.toArray()));
            ps.setArray(i++, c.createArrayOf("bigint", gens.toArray()));
            ps.setArray(i++, c.createArrayOf("bigint", counts.toArray()));
            ps.setArray(i++, c.createArrayOf("text", digests.toArray()));
            ps.setArray(i++, c.createArrayOf("text", baselines.toArray()));
            ps.setArray(i++, c.createArrayOf("text", repeatables.toArray()));
            ps.setArray(i++, c.createArrayOf("bigint", failed.toArray()));
            ps.setArray(i++, c.createArrayOf("bigint", unfinished.toArray()));
            ps.setArray(i++, c.createArrayOf("text", seeds.toArray()));
            ps.setArray(i++, c.createArrayOf("text", triggers.toArray()));
            ps.setString(i++, table);
            ps.setString(i++, table);
            ps.setArray(i, c.createArrayOf("text", tenants.toArray()));
            ps.executeUpdate();
        }
    }
}
