package io.lucidity.migrator.internal.history;

import io.lucidity.migrator.internal.jdbc.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bookkeeping tables in the configured schema: the schema history table in Flyway's exact format
 * (so Flyway's own tools read it, and a database migrated by Flyway is adopted as it is), the journal of
 * non-transactional steps and operator actions, the seed journal, and the summary of the history that the check at
 * head reads (with its trigger and trigger function).
 */
public final class BookkeepingTables {
    /** Journal of non-transactional steps, stamps, repairs and downgrades. */
    public static final String JOURNAL = "migrator_journal";
    /** Journal of seeds. */
    public static final String SEED_JOURNAL = "migrator_seed_journal";
    /** The summary of each history table that the fast path reads instead of the history rows. */
    public static final String SUMMARY = "migrator_history_summary";
    /** The trigger function that marks a summary stale when its history table changes. */
    public static final String SUMMARY_FUNCTION = "migrator_history_changed";
    /** The name of the trigger on the history table. */
    public static final String SUMMARY_TRIGGER = "migrator_history_summary";

    private final String schema;
    private final String table;

    public BookkeepingTables(String schema, String table) {
        this.schema = schema;
        this.table = table;
    }

    /**
     * The names of the objects created for a history table, each as long as PostgreSQL will hold it or
     * refused at configuration ({@code Settings.validate}): the table, its primary key and its index, by
     * what they are.
     */
    public static Map<String, String> derivedNames(String table) {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("history table", table);
        names.put("primary key", primaryKeyName(table));
        names.put("index", indexName(table));
        return names;
    }

    private static String primaryKeyName(String table) {
        return table + "_pk";
    }

    private static String indexName(String table) {
        return table + "_s_idx";
    }

    /** The schema name. */
    public String schema() {
        return schema;
    }

    /** The quoted, schema-qualified history table. */
    public String history() {
        return Sql.qualified(schema, table);
    }

    /** The quoted, schema-qualified journal table. */
    public String journal() {
        return Sql.qualified(schema, JOURNAL);
    }

    /** The quoted, schema-qualified seed journal table. */
    public String seedJournal() {
        return Sql.qualified(schema, SEED_JOURNAL);
    }

    /** The quoted, schema-qualified summary table. */
    public String summary() {
        return Sql.qualified(schema, SUMMARY);
    }

    /** The unqualified history table name: the summary's key and the trigger's argument. */
    public String table() {
        return table;
    }

    /** The quoted, schema-qualified summary trigger function. */
    public String summaryFunction() {
        return Sql.qualified(schema, SUMMARY_FUNCTION);
    }

    /**
     * The condition, in SQL, that the summary trigger is on the history table as {@link #installSummary} left it:
     * enabled ALWAYS (so it fires under {@code session_replication_role = replica} too), keyed by this table's name,
     * and never altered since: its catalog row is the one the install wrote ({@code xmin} recorded in the summary row
     * {@code alias}), so a DISABLE then ENABLE in any form, ALWAYS included, voids the summary until the next install.
     * Takes two parameters: the qualified history table and the table name.
     */
    public static String summaryTriggerLive(String alias) {
        return summaryTriggerLive(alias, "pg_catalog.to_regclass(?)", "?");
    }

    /**
     * {@link #summaryTriggerLive(String)} with the history table's oid and name as SQL expressions ({@code relation}
     * of type regclass, {@code tableName} of type text).
     */
    static String summaryTriggerLive(String alias, String relation, String tableName) {
        return "EXISTS (SELECT 1 FROM pg_catalog.pg_trigger g WHERE g.tgrelid = " + relation + " AND g.tgname = '"
                + SUMMARY_TRIGGER + "' AND g.tgenabled = 'A' AND g.tgnargs = 1 "
                + "AND g.tgargs = pg_catalog.convert_to(" + tableName
                + ", 'UTF8') || '\\x00'::bytea AND g.xmin::text = "
                + alias + ".trigger_xmin)";
    }

    /** True when the summary is of this version, has this table's row, and its trigger is live on the history table. */
    public boolean summaryInstalled(Connection c, Bookkeeping state) throws SQLException {
        return state.summary()
                && "t"
                        .equals(Sql.queryString(
                                c,
                                "SELECT " + summaryTriggerLive("s") + " FROM " + summary()
                                        + " s WHERE s.history_table = ?",
                                history(),
                                table,
                                table));
    }

    /**
     * Creates the summary table, its trigger function and the trigger on the history table, in one transaction,
     * and marks this table's summary stale (whatever happened to the history while no trigger watched it).
     *
     * <p>The function is SECURITY DEFINER so that another tool (Flyway, run as another role) writing the history
     * needs no rights on the summary; its EXECUTE is revoked from PUBLIC (no other role can attach it to a table of
     * its own), its body refuses to run for any table but a history table of this schema named by its argument, and
     * it resolves names in pg_catalog only. Needs the right to alter the history table; without it the fast path
     * reads the history rows, as before.
     */
    public void installSummary(Connection c, Bookkeeping state) throws SQLException {
        String function = summaryFunction();
        boolean summaryExists = state.summary() || state.summaryStale();
        inTransaction(c, s -> {
            s.execute("CREATE TABLE " + (summaryExists ? "IF NOT EXISTS " : "") + summary()
                    + " (history_table TEXT PRIMARY KEY, "
                    + "generation BIGINT NOT NULL DEFAULT 0, changed_in BIGINT, summarized_generation BIGINT, "
                    + "versioned_count BIGINT, versioned_digest TEXT, baselines TEXT, repeatable_digest TEXT, failed BIGINT, "
                    + "trigger_xmin TEXT)");
            s.execute("ALTER TABLE " + summary() + " ADD COLUMN IF NOT EXISTS trigger_xmin TEXT");
            // One bump per writing transaction: later statements of the same transaction become visible with it.
            s.execute("CREATE OR REPLACE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER "
                    + "SET search_path = pg_catalog, pg_temp AS $migrator$ BEGIN "
                    + "-- " + Bookkeeping.FUNCTION_MARK
                    + ": keeps Migrator's history summary, for its own tables only\n"
                    + "IF TG_LEVEL <> 'STATEMENT' OR TG_WHEN <> 'AFTER' OR TG_NARGS <> 1 "
                    + "OR TG_TABLE_SCHEMA <> " + Sql.literal(schema) + " OR TG_TABLE_NAME <> TG_ARGV[0] THEN "
                    + "RAISE EXCEPTION 'migrator_history_changed() fires only after statements on a history table of schema %, "
                    + "not on %.%', " + Sql.literal(schema)
                    + ", TG_TABLE_SCHEMA, TG_TABLE_NAME USING ERRCODE = '42501'; END IF; "
                    + "UPDATE " + summary() + " SET generation = generation + 1, changed_in = txid_current() "
                    + "WHERE history_table = TG_ARGV[0] AND changed_in IS DISTINCT FROM txid_current(); "
                    + "RETURN NULL; END $migrator$");
            s.execute("REVOKE ALL ON FUNCTION " + function + "() FROM PUBLIC");
            s.execute("DROP TRIGGER IF EXISTS " + Sql.ident(SUMMARY_TRIGGER) + " ON " + history());
            s.execute("CREATE TRIGGER " + Sql.ident(SUMMARY_TRIGGER)
                    + " AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON " + history()
                    + " FOR EACH STATEMENT EXECUTE PROCEDURE " + function + "(" + Sql.literal(table) + ")");
            s.execute("ALTER TABLE " + history() + " ENABLE ALWAYS TRIGGER " + Sql.ident(SUMMARY_TRIGGER));
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO " + summary() + " AS s (history_table, trigger_xmin) "
                            + "VALUES (?, (SELECT g.xmin::text FROM pg_catalog.pg_trigger g WHERE g.tgrelid = pg_catalog.to_regclass(?) "
                            + "AND g.tgname = '" + SUMMARY_TRIGGER + "')) "
                            + "ON CONFLICT (history_table) DO UPDATE SET generation = s.generation + 1, "
                            + "changed_in = NULL, summarized_generation = NULL, trigger_xmin = excluded.trigger_xmin")) {
                ps.setString(1, table);
                ps.setString(2, history());
                ps.executeUpdate();
            }
        });
    }

    /** True when the history table exists. */
    public boolean exists(Connection c) throws SQLException {
        return Sql.queryString(c, "SELECT to_regclass(?)", history()) != null;
    }

    /**
     * Creates the schema and the bookkeeping tables that {@code state} found missing, in one transaction. A table
     * that another role creates meanwhile makes this fail: it is never adopted ({@code CREATE TABLE}, not
     * {@code IF NOT EXISTS}).
     */
    public void createMissing(Connection c, Bookkeeping state) throws SQLException {
        boolean schemaExists = Sql.queryString(c, "SELECT pg_catalog.to_regnamespace(?)", Sql.ident(schema)) != null;
        inTransaction(c, s -> {
            if (!schemaExists) { // CREATE SCHEMA IF NOT EXISTS needs the right to create schemas, even when it exists
                s.execute("CREATE SCHEMA " + Sql.ident(schema));
            }
            if (!state.history()) {
                // Flyway's own DDL for PostgreSQL.
                s.execute("CREATE TABLE " + history() + " ("
                        + "\"installed_rank\" INT NOT NULL, \"version\" VARCHAR(50), \"description\" VARCHAR(200) NOT NULL, "
                        + "\"type\" VARCHAR(20) NOT NULL, \"script\" VARCHAR(1000) NOT NULL, \"checksum\" INTEGER, "
                        + "\"installed_by\" VARCHAR(100) NOT NULL, \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(), "
                        + "\"execution_time\" INTEGER NOT NULL, \"success\" BOOLEAN NOT NULL)");
                s.execute("ALTER TABLE " + history() + " ADD CONSTRAINT " + Sql.ident(primaryKeyName(table))
                        + " PRIMARY KEY (\"installed_rank\")");
                s.execute("CREATE INDEX " + Sql.ident(indexName(table)) + " ON " + history() + " (\"success\")");
            }
            if (!state.journal()) {
                s.execute(
                        "CREATE TABLE " + journal() + " ("
                                + "id BIGSERIAL PRIMARY KEY, kind TEXT NOT NULL, version TEXT, script TEXT, checksum INTEGER, "
                                + "statements_total INTEGER, statements_done INTEGER NOT NULL DEFAULT 0, current_statement TEXT, "
                                + "started_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), ended_at TIMESTAMPTZ, outcome TEXT NOT NULL, "
                                + "detail TEXT, pid INTEGER DEFAULT pg_backend_pid(), application_name TEXT "
                                + "DEFAULT current_setting('application_name'), performed_by TEXT NOT NULL DEFAULT current_user)");
            }
            if (!state.seedJournal()) {
                s.execute(
                        "CREATE TABLE " + seedJournal() + " ("
                                + "name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), "
                                + "rows_affected BIGINT NOT NULL, execution_time INTEGER NOT NULL, applied_by TEXT NOT NULL DEFAULT current_user)");
            }
        });
    }

    /** DDL run on one statement. */
    @FunctionalInterface
    private interface Ddl {
        void run(Statement s) throws SQLException;
    }

    /** Runs {@code ddl} on one statement in one transaction: all of it is committed, or none of it. */
    private static void inTransaction(Connection c, Ddl ddl) throws SQLException {
        Sql.inTransaction(c, () -> {
            try (Statement s = c.createStatement()) {
                ddl.run(s);
            }
            return null;
        });
    }

    /** Every history row in installed order; empty when the table does not exist. */
    public List<AppliedRow> load(Connection c) throws SQLException {
        return exists(c) ? loadExisting(c) : new ArrayList<>();
    }

    /** Every history row in installed order; empty when {@code state} (read on this connection) found no history table. */
    public List<AppliedRow> load(Connection c, Bookkeeping state) throws SQLException {
        return state.history() ? loadExisting(c) : new ArrayList<>();
    }

    /** Every history row in installed order, from a history table known to exist. */
    public List<AppliedRow> loadExisting(Connection c) throws SQLException {
        List<AppliedRow> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT installed_rank, version, description, type, script, checksum, "
                        + "installed_by, installed_on, execution_time, success FROM " + history()
                        + " ORDER BY installed_rank")) {
            while (rs.next()) {
                int checksum = rs.getInt(6);
                Integer boxed = rs.wasNull() ? null : checksum;
                Timestamp on = rs.getTimestamp(8);
                rows.add(new AppliedRow(
                        rs.getInt(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        boxed,
                        rs.getString(7),
                        on == null ? null : on.toLocalDateTime(),
                        rs.getInt(9),
                        rs.getBoolean(10)));
            }
        }
        return rows;
    }

    /** Inserts rows of type {@code SQL} with consecutive ranks after the current highest, in one batch. */
    public void insert(Connection c, List<NewRow> rows) throws SQLException {
        insert(c, rows, "SQL");
    }

    /** Inserts rows of {@code type} ({@code SQL}, {@code DELETE}) with consecutive ranks after the current highest. */
    public void insert(Connection c, List<NewRow> rows, String type) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        int rank = (int) Sql.queryLong(c, "SELECT coalesce(max(installed_rank), 0) FROM " + history(), 0);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + history()
                + " (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)"
                + " VALUES (?, ?, ?, ?, ?, ?, left(current_user, 100), ?, ?)")) {
            for (NewRow row : rows) {
                ps.setInt(1, ++rank);
                ps.setString(2, row.version());
                ps.setString(3, truncate(row.description(), 200));
                ps.setString(4, type);
                ps.setString(5, truncate(row.script(), 1000));
                if (row.checksum() == null) {
                    ps.setNull(6, Types.INTEGER);
                } else {
                    ps.setInt(6, row.checksum());
                }
                ps.setInt(7, row.executionTime());
                ps.setBoolean(8, row.success());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Deletes failed rows; returns how many. */
    public int deleteFailed(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate("DELETE FROM " + history() + " WHERE NOT success");
        }
    }

    /** Deletes every row of a version (including failed ones). */
    public int deleteVersion(Connection c, String version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + history() + " WHERE version = ?")) {
            ps.setString(1, version);
            return ps.executeUpdate();
        }
    }

    /** Deletes every row (stamp --purge). */
    public int deleteAll(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate("DELETE FROM " + history());
        }
    }

    /** Sets the checksum (and description, script) of a version's successful rows to the file's. */
    public int realign(Connection c, String version, String description, String script, Integer checksum)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + history()
                + " SET checksum = ?, description = ?, script = ? WHERE version = ? AND success")) {
            if (checksum == null) {
                ps.setNull(1, Types.INTEGER);
            } else {
                ps.setInt(1, checksum);
            }
            ps.setString(2, truncate(description, 200));
            ps.setString(3, truncate(script, 1000));
            ps.setString(4, version);
            return ps.executeUpdate();
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
