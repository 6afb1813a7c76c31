package io.lucidity.migrator.internal.seed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.SeedException;
import io.lucidity.migrator.SeedResult;
import io.lucidity.migrator.internal.Facts;
import io.lucidity.migrator.internal.NameList;
import io.lucidity.migrator.internal.Redactor;
import io.lucidity.migrator.internal.history.BookkeepingTables;
import io.lucidity.migrator.internal.jdbc.SafeSession;
import io.lucidity.migrator.internal.jdbc.Sql;
import io.lucidity.migrator.internal.jdbc.SqlErrors;
import io.lucidity.migrator.internal.lock.MigrationLock;
import io.lucidity.migrator.internal.migrate.TransactionControl;
import io.lucidity.migrator.internal.resolve.FlywayScripts;
import io.lucidity.migrator.internal.resolve.ScriptStatement;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs seeds after the migrations, each file in its own transaction with its journal row. SQL seeds
 * run as scripts; declarative seeds load their rows with {@code COPY} into a temporary table typed like
 * the target (column types from the catalog), then insert the missing rows and, for {@code upsert},
 * update the rows that differ — so a re-run changes nothing. Identifiers are always quoted.
 */
public final class SeedRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SeedRunner.class);
    private static final Pattern COPY_LINE = Pattern.compile("line (\\d+)");

    private final MigratorConfig config;
    private final BookkeepingTables tables;
    private final FlywayScripts flyway;
    private final SeedVariables variables;

    public SeedRunner(MigratorConfig config, BookkeepingTables tables, FlywayScripts flyway) {
        this.config = config;
        this.tables = tables;
        this.flyway = flyway;
        this.variables = SeedCatalog.variables(config);
    }

    /**
     * Runs the seeds that are new or changed since they last ran, each in its own transaction, committed only while
     * {@code lock} is still held by this session (on its connection {@code c}).
     *
     * @param journaled the journaled checksum of each seed (empty: run them all), or null to read them now
     * @throws MigratorException for the first seed that fails; earlier seeds stay committed
     */
    public List<SeedResult> run(
            Connection c,
            MigrationLock lock,
            List<SeedFile> seeds,
            Map<String, String> journaled,
            Consumer<SeedResult> progress)
            throws SQLException {
        // A migration's session-level SET (search_path, role) must not change where seeds write.
        Sql.execute(
                c, "RESET role; SELECT pg_catalog.set_config('search_path', '" + SafeSession.SAFE_PATH + "', false)");
        Map<String, String> checksums = journaled != null ? journaled : journaled(c);
        List<SeedResult> results = new ArrayList<>();
        for (SeedFile seed : seeds) {
            SeedResult result;
            if (seed.checksum().equals(checksums.get(seed.name()))) {
                result = new SeedResult(seed.name(), SeedResult.Outcome.UNCHANGED, 0, Duration.ZERO);
            } else {
                result = runOne(c, lock, seed, results);
            }
            results.add(result);
            progress.accept(result);
        }
        return results;
    }

    /**
     * Refuses, before anything runs, a seed that would fail without reaching the database: a declarative seed that
     * is not valid JSON or YAML or not a seed, a {@code ${env:NAME}} it needs that is not set, a SQL seed that
     * cannot be parsed. Checks the seeds that {@link #run} would run (new or changed).
     *
     * @param journaled the journaled checksum of each seed (empty: all of them run)
     * @throws SeedException {@code MIGRATOR-SEED-INVALID} or {@code MIGRATOR-SEED-VARIABLE}, for the first seed in order
     */
    public void validate(List<SeedFile> seeds, Map<String, String> journaled) {
        for (SeedFile seed : seeds) {
            if (seed.checksum().equals(journaled.get(seed.name()))) {
                continue;
            }
            if (seed.kind() == SeedFile.Kind.SQL) {
                try {
                    flyway.parse(seed.name(), seed.text(), false);
                } catch (org.flywaydb.core.api.FlywayException e) {
                    throw DeclarativeSeed.invalid(
                            seed,
                            "cannot be parsed as SQL: " + e.getMessage(),
                            "Correct the SQL of " + seed.displayPath() + ".");
                }
            } else {
                for (DeclarativeSeed spec : DeclarativeSeed.parse(seed)) {
                    spec.rows().forEach(row -> resolveStrings(row, seed));
                }
            }
        }
    }

    /** Resolves every {@code ${env:...}} in the strings of {@code value}, at any depth, as loading it would. */
    private void resolveStrings(JsonNode value, SeedFile seed) {
        if (value.isTextual()) {
            variables.resolve(value.asText(), seed.name());
        } else if (value.isContainerNode()) {
            value.elements().forEachRemaining(element -> resolveStrings(element, seed));
        }
    }

    /** The journaled checksum of each seed. */
    public Map<String, String> journaled(Connection c) throws SQLException {
        Map<String, String> checksums = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name, checksum FROM " + tables.seedJournal())) {
            while (rs.next()) {
                checksums.put(rs.getString(1), rs.getString(2));
            }
        }
        return checksums;
    }

    private SeedResult runOne(Connection c, MigrationLock lock, SeedFile seed, List<SeedResult> before)
            throws SQLException {
        LOG.info("[migrator] Seeding {}", seed.name());
        long start = System.nanoTime();
        List<DeclarativeSeed> declarative = seed.kind() == SeedFile.Kind.SQL ? null : DeclarativeSeed.parse(seed);
        c.setAutoCommit(false);
        try {
            long rows = declarative == null ? runScript(c, seed) : runDeclarative(c, seed, declarative);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            journal(c, seed, rows, took);
            // Behind a transaction-pooling PgBouncer the session may have changed: never commit without the lock.
            lock.verifyHeld();
            c.commit();
            return new SeedResult(seed.name(), SeedResult.Outcome.APPLIED, rows, took);
        } catch (SQLException e) {
            Sql.rollback(c, e);
            throw failed(seed, e, before);
        } catch (RuntimeException e) {
            Sql.rollback(c, e);
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private long runScript(Connection c, SeedFile seed) throws SQLException {
        long rows = 0;
        // A user script: the configured schema first, as for migrations; only for this seed's transaction.
        Sql.queryString(
                c,
                "SELECT pg_catalog.set_config('search_path', ?, true)",
                SafeSession.userSearchPath(c, config.schema()));
        for (ScriptStatement statement : flyway.parse(seed.name(), seed.text(), false)) {
            long start = System.nanoTime();
            if (statement.isCopy()) {
                flyway.executeCopy(c, statement);
            } else {
                try (Statement s = c.createStatement()) {
                    s.execute(statement.sql());
                    int count = s.getUpdateCount();
                    rows += Math.max(0, count);
                }
                TransactionControl.verifyOpen(c, "seed", seed.displayPath(), statement, config.integration());
            }
            // The seed and line, never the text: it may hold an ${env:} value.
            LOG.debug(
                    "[migrator] Seed {} line {}: {} ms",
                    seed.name(),
                    statement.line(),
                    (System.nanoTime() - start) / 1_000_000);
        }
        return rows;
    }

    private long runDeclarative(Connection c, SeedFile seed, List<DeclarativeSeed> specs) throws SQLException {
        long rows = 0;
        for (DeclarativeSeed spec : specs) {
            String schema = spec.schema() != null ? spec.schema() : config.schema();
            Map<String, ColumnType> columns = columns(c, seed, schema, spec.table());
            Map<List<String>, List<Integer>> groups = groupByColumns(spec);
            checkColumns(seed, spec, columns, groups.keySet());
            for (Map.Entry<List<String>, List<Integer>> group : groups.entrySet()) {
                rows += load(c, seed, spec, schema, columns, group.getKey(), group.getValue());
            }
        }
        return rows;
    }

    /** The target's columns and their types, from the catalog. */
    private Map<String, ColumnType> columns(Connection c, SeedFile seed, String schema, String table)
            throws SQLException {
        Map<String, ColumnType> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.attname, format_type(a.atttypid, a.atttypmod), t.typname, t.typcategory,
                       coalesce(et.typname, ''), a.attgenerated <> '',
                       (SELECT quote_ident(n.nspname) FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace
                         WHERE o.oprname = '=' AND o.oprleft = coalesce(nullif(t.typbasetype, 0), t.oid)
                           AND o.oprright = o.oprleft AND n.nspname <> 'pg_catalog'
                         ORDER BY o.oid LIMIT 1)
                  FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                  LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
                 WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped
                 ORDER BY a.attnum""")) {
            ps.setString(1, Sql.qualified(schema, table));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(
                            rs.getString(1),
                            new ColumnType(
                                    rs.getString(1),
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    rs.getString(5),
                                    rs.getBoolean(6),
                                    rs.getString(7)));
                }
            }
        }
        if (columns.isEmpty()) {
            throw MigratorException.of(
                    DiagnosticCode.SEED_INVALID,
                    "The seed " + seed.name() + " names the table " + schema + "." + table + ", which does not exist.",
                    Facts.of("seed", seed.displayPath())
                            .and("table", schema + "." + table)
                            .map(),
                    "Correct \"table\" (and \"schema\") in the seed, or add the migration that creates the table.",
                    null);
        }
        return columns;
    }

    /**
     * Refuses unknown or unusable key columns, unknown columns (checked once per distinct set of columns, in
     * first-seen order: the first offending row is the first of its set) and rows with the same key.
     */
    private static void checkColumns(
            SeedFile seed,
            DeclarativeSeed spec,
            Map<String, ColumnType> columns,
            java.util.Collection<List<String>> columnSets) {
        for (String k : spec.key()) {
            if (!columns.containsKey(k)) {
                throw unknownColumn(seed, spec, k, columns);
            }
            if ("json".equals(columns.get(k).typeName())) {
                throw DeclarativeSeed.invalid(
                        seed,
                        "uses the json column '" + k + "' as a key",
                        "json has no equality; use a jsonb or text column as key.");
            }
        }
        for (List<String> set : columnSets) {
            for (String column : set) {
                if (!columns.containsKey(column)) {
                    throw unknownColumn(seed, spec, column, columns);
                }
            }
        }
        Map<String, Integer> seen = new HashMap<>(spec.rows().size() * 2);
        for (int i = 0; i < spec.rows().size(); i++) {
            ObjectNode row = spec.rows().get(i);
            String key;
            if (spec.key().size() == 1) {
                key = keyText(row.get(spec.key().get(0)));
            } else {
                StringBuilder text = new StringBuilder();
                for (String k : spec.key()) {
                    text.append(keyText(row.get(k))).append('\u0000');
                }
                key = text.toString();
            }
            Integer first = seen.putIfAbsent(key, i + 1);
            if (first != null) {
                throw DeclarativeSeed.invalid(
                        seed,
                        "has rows " + first + " and " + (i + 1) + " with the same key (" + String.join(", ", spec.key())
                                + ")",
                        "Remove or merge the duplicate row.");
            }
        }
    }

    /** A key value as text that tells {@code "1"} from {@code 1}: strings without serializing them. */
    private static String keyText(JsonNode value) {
        return value.isTextual() ? "s" + value.textValue() : value.toString();
    }

    private static MigratorException unknownColumn(
            SeedFile seed, DeclarativeSeed spec, String column, Map<String, ColumnType> columns) {
        return MigratorException.of(
                DiagnosticCode.SEED_INVALID,
                "The seed " + seed.name() + " names the column '" + column + "', which table " + spec.table()
                        + " does not have.",
                Facts.of("seed", seed.displayPath())
                        .and("table", spec.table())
                        .and("column", column)
                        .and("columns of the table", String.join(", ", columns.keySet()))
                        .map(),
                "Correct the column name in the seed, or add the migration that creates the column.",
                null);
    }

    /** Rows grouped by their set of columns (in first-seen order), as row indexes. */
    private static Map<List<String>, List<Integer>> groupByColumns(DeclarativeSeed spec) {
        Map<List<String>, List<Integer>> groups = new LinkedHashMap<>();
        List<String> previous = null;
        List<Integer> previousRows = null;
        for (int i = 0; i < spec.rows().size(); i++) {
            ObjectNode row = spec.rows().get(i);
            // Rows usually share their columns: compare with the previous row's before building a key.
            if (previous != null && sameColumns(row, previous)) {
                previousRows.add(i);
                continue;
            }
            List<String> names = new ArrayList<>();
            row.fieldNames().forEachRemaining(names::add);
            previous = List.copyOf(names);
            previousRows = groups.computeIfAbsent(previous, k -> new ArrayList<>());
            previousRows.add(i);
        }
        return groups;
    }

    private static boolean sameColumns(ObjectNode row, List<String> names) {
        if (row.size() != names.size()) {
            return false;
        }
        int i = 0;
        for (Iterator<String> it = row.fieldNames(); it.hasNext(); i++) {
            if (!it.next().equals(names.get(i))) {
                return false;
            }
        }
        return true;
    }

    private long load(
            Connection c,
            SeedFile seed,
            DeclarativeSeed spec,
            String schema,
            Map<String, ColumnType> columns,
            List<String> names,
            List<Integer> rowIndexes)
            throws SQLException {
        String target = Sql.qualified(schema, spec.table());
        String temp = Sql.ident("migrator_seed_" + Long.toHexString(System.nanoTime()));
        String columnList = String.join(", ", names.stream().map(Sql::ident).toList());
        Sql.execute(
                c,
                "CREATE TEMP TABLE " + temp + " ON COMMIT DROP AS SELECT " + columnList + " FROM " + target
                        + " WITH NO DATA");
        copy(c, seed, temp, columnList, spec, columns, names, rowIndexes);
        long changed = 0;
        List<String> others =
                names.stream().filter(n -> !spec.key().contains(n)).toList();
        String match = String.join(
                " AND ", spec.key().stream().map(k -> equal(columns.get(k))).toList());
        if (spec.upsert() && !others.isEmpty()) {
            String set = String.join(
                    ", ",
                    others.stream()
                            .map(n -> Sql.ident(n) + " = s." + Sql.ident(n))
                            .toList());
            String differs = String.join(
                    " OR ", others.stream().map(n -> differs(columns.get(n))).toList());
            try (Statement s = c.createStatement()) {
                changed += s.executeUpdate("UPDATE " + target + " t SET " + set + " FROM " + temp + " s WHERE " + match
                        + " AND (" + differs + ")");
            }
        }
        try (Statement s = c.createStatement()) {
            changed += s.executeUpdate("INSERT INTO " + target + " (" + columnList + ") SELECT " + columnList + " FROM "
                    + temp + " s WHERE NOT EXISTS (SELECT 1 FROM " + target + " t WHERE " + match + ")");
        }
        Sql.execute(c, "DROP TABLE " + temp);
        return changed;
    }

    /**
     * {@code t.col = s.col}. The session resolves names in pg_catalog only ({@code SafeSession}), so the equality of a
     * type from an extension (vector, citext) is named with its schema.
     */
    private static String equal(ColumnType type) {
        String t = "t." + Sql.ident(type.name());
        String s = "s." + Sql.ident(type.name());
        return type.equalitySchema() == null ? t + " = " + s : t + " OPERATOR(" + type.equalitySchema() + ".=) " + s;
    }

    /** {@code t.col IS DISTINCT FROM s.col}, with an extension type's equality named as in {@link #equal}. */
    private static String differs(ColumnType type) {
        if (type.equalitySchema() == null) {
            return comparable("t", type) + " IS DISTINCT FROM " + comparable("s", type);
        }
        String t = "t." + Sql.ident(type.name());
        String s = "s." + Sql.ident(type.name());
        return "((" + t + " IS NULL) <> (" + s + " IS NULL) OR NOT (" + equal(type) + "))";
    }

    private static String comparable(String alias, ColumnType type) {
        String column = alias + "." + Sql.ident(type.name());
        return "json".equals(type.typeName()) || "xml".equals(type.typeName()) ? column + "::text" : column;
    }

    private void copy(
            Connection c,
            SeedFile seed,
            String temp,
            String columnList,
            DeclarativeSeed spec,
            Map<String, ColumnType> columns,
            List<String> names,
            List<Integer> rowIndexes)
            throws SQLException {
        StringBuilder data = new StringBuilder();
        for (int index : rowIndexes) {
            ObjectNode row = spec.rows().get(index);
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    data.append('\t');
                }
                String column = names.get(i);
                try {
                    data.append(CopyText.field(
                            columns.get(column), row.get(column), text -> variables.resolve(text, seed.name())));
                } catch (CopyText.ValueException e) {
                    throw DeclarativeSeed.invalid(
                            seed,
                            "has row " + (index + 1) + " with a bad value for column '" + column + "' ("
                                    + columns.get(column).formatted() + "): " + e.getMessage(),
                            "Correct the value.");
                }
            }
            data.append('\n');
        }
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        try {
            copy.copyIn("COPY " + temp + " (" + columnList + ") FROM STDIN", new StringReader(data.toString()));
        } catch (java.io.IOException e) {
            throw new SQLException("COPY of seed rows failed: " + e.getMessage(), "58030", e);
        } catch (SQLException e) {
            throw new RowFailure(e, rowOf(e, rowIndexes));
        }
    }

    private static int rowOf(SQLException e, List<Integer> rowIndexes) {
        String where = SqlErrors.where(e);
        if (where != null) {
            Matcher m = COPY_LINE.matcher(where);
            if (m.find()) {
                int line = Integer.parseInt(m.group(1));
                if (line >= 1 && line <= rowIndexes.size()) {
                    return rowIndexes.get(line - 1) + 1;
                }
            }
        }
        return 0;
    }

    private void journal(Connection c, SeedFile seed, long rows, Duration took) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO " + tables.seedJournal()
                        + " (name, checksum, rows_affected, execution_time) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, rows_affected = excluded.rows_affected, "
                        + "execution_time = excluded.execution_time, applied_at = clock_timestamp(), applied_by = current_user")) {
            ps.setString(1, seed.name());
            ps.setString(2, seed.checksum());
            ps.setLong(3, rows);
            ps.setInt(4, (int) took.toMillis());
            ps.executeUpdate();
        }
    }

    private static MigratorException failed(SeedFile seed, SQLException e, List<SeedResult> before) {
        SQLException root = SqlErrors.rootSqlException(e);
        int row = e instanceof RowFailure f ? f.row : 0;
        // The rows' ${env:...} values are secrets the server may echo transformed (escaped in a row image or a JSON
        // value, case-folded by an expression index): withhold every value-bearing part of its error, keep the names.
        List<String> secrets = seed.kind() == SeedFile.Kind.SQL ? List.of() : SeedVariables.referenced(seed.text());
        boolean withhold = !secrets.isEmpty();
        String error = withhold ? SqlErrors.messageWithoutValues(e) : SqlErrors.message(e);
        String variables = String.join(
                ", ", secrets.stream().map(name -> "${env:" + name + "}").toList());
        Facts facts = Facts.of("seed", seed.displayPath())
                .and("row", row > 0 ? row : null)
                .and("SQLState", root.getSQLState())
                .and("error", error)
                .and("detail", withhold ? null : SqlErrors.detail(e));
        SqlErrors.objectNames(e).forEach(facts::and);
        facts.and(
                "withheld",
                withhold
                        ? "the server's DETAIL and WHERE (row images, key values) and the values quoted in its "
                                + "message, because the statement carried secret values (" + variables + ")"
                        : null);
        facts.and("rolled back", seed.name());
        String applied = NameList.of(
                before.stream()
                        .filter(r -> r.outcome() == SeedResult.Outcome.APPLIED)
                        .map(SeedResult::name)
                        .toList(),
                ", ",
                "seeds");
        facts.and("seeds applied before", applied.isEmpty() ? null : applied);
        DiagnosticCode code = SqlErrors.INSUFFICIENT_PRIVILEGE.equals(root.getSQLState())
                ? DiagnosticCode.INSUFFICIENT_PRIVILEGE
                : SqlErrors.READ_ONLY.equals(root.getSQLState())
                        ? DiagnosticCode.READ_ONLY
                        : DiagnosticCode.SEED_FAILED;
        String remedy =
                "Correct the seed (a seed must be idempotent: it runs again whenever it changes) and start again; "
                        + "the migrations are applied and stay applied."
                        + (withhold
                                ? " To see what the server said about the values, run the seed against a scratch database with "
                                        + "non-secret values for " + variables + "."
                                : "");
        return MigratorException.of(
                code,
                Redactor.redact("The seed " + seed.name() + " failed: " + error),
                facts.map(),
                remedy,
                withhold ? standIn(e, root, error) : Redactor.scrub(e));
    }

    /** The driver's exception without its texts (they may echo secrets), and what went wrong after it (a failed rollback). */
    private static SQLException standIn(SQLException e, SQLException root, String error) {
        SQLException standIn = Redactor.withheld(root, error);
        for (Throwable suppressed : e.getSuppressed()) {
            standIn.addSuppressed(Redactor.scrub(suppressed));
        }
        return standIn;
    }

    /**
     * A column's type, from the catalog.
     *
     * @param equalitySchema the quoted schema of the type's {@code =} operator when it is not pg_catalog's, else null
     */
    record ColumnType(
            String name,
            String formatted,
            String typeName,
            String category,
            String elementType,
            boolean generated,
            String equalitySchema) {}

    /** A COPY failure that knows which row of the seed file it was. */
    private static final class RowFailure extends SQLException {
        private static final long serialVersionUID = 1L;
        private final int row;

        RowFailure(SQLException cause, int row) {
            super(cause.getMessage(), cause.getSQLState(), cause);
            this.row = row;
        }
    }
}
