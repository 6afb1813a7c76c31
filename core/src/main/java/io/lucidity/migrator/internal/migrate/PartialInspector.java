package io.lucidity.migrator.internal.migrate;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.internal.Facts;
import io.lucidity.migrator.internal.config.FrontEnd;
import io.lucidity.migrator.internal.history.JournalEntry;
import io.lucidity.migrator.internal.jdbc.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Explains a non-transactional step that started and did not finish: what the journal recorded
 * (statements done, the one running, who ran it, the error) and what the catalog shows now (for
 * {@code CREATE INDEX CONCURRENTLY}: the index missing, INVALID, or complete), with the exact remedy.
 */
public final class PartialInspector {
    private static final Pattern CREATE_INDEX = Pattern.compile(
            "(?is)^\\s*(?:--[^\\n]*\\n\\s*)*CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+CONCURRENTLY\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?"
                    + "((?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)(?:\\.(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*))?)\\s+ON\\b.*");

    private final String schema;
    private final FrontEnd frontEnd;

    /**
     * @param schema   the configured schema
     * @param frontEnd whose words the remedies use for an operation
     */
    public PartialInspector(String schema, FrontEnd frontEnd) {
        this.schema = schema;
        this.frontEnd = frontEnd;
    }

    /** The indexes left INVALID anywhere in the database (user schemas), as {@code schema.index}. */
    public List<String> invalidIndexes(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT format('%I.%I', n.nspname, ci.relname)
                  FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ci.relnamespace
                 WHERE NOT i.indisvalid AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                 ORDER BY 1""");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** The diagnostic for an unfinished step, inspecting the catalog on {@code c}. */
    public MigratorException explain(Connection c, JournalEntry entry, Throwable cause) throws SQLException {
        List<String> invalid = invalidIndexes(c);
        Facts facts = Facts.of("migration", "V" + entry.version() + " (" + entry.script() + ")")
                .and("run outside a transaction", "yes")
                .and(
                        "started",
                        entry.startedAt() + " by backend pid " + entry.pid() + " ('" + entry.applicationName() + "')")
                .and("statements completed", entry.statementsDone() + " of " + entry.statementsTotal())
                .and("statement running", entry.currentStatement())
                .and(
                        "recorded outcome",
                        "running".equals(entry.outcome())
                                ? "no end recorded: the process stopped or lost its connection mid-step"
                                : "failed: " + entry.detail());
        String index = indexName(entry.currentStatement());
        String indexState = index == null ? null : indexState(c, index);
        if (index != null) {
            facts.and("index " + index, indexState);
        }
        facts.and("invalid indexes", invalid.isEmpty() ? "none" : String.join(", ", invalid));
        return MigratorException.of(
                DiagnosticCode.PARTIAL_MIGRATION,
                "Migration V" + entry.version()
                        + " ran outside a transaction and did not finish; the database may hold part of it.",
                facts.map(),
                remedy(entry, index, indexState, invalid),
                cause);
    }

    private String remedy(JournalEntry entry, String index, String indexState, List<String> invalid) {
        StringBuilder fix = new StringBuilder();
        if (!invalid.isEmpty()) {
            fix.append("Drop the invalid index left by the interrupted build: ");
            for (String name : invalid) {
                fix.append("DROP INDEX CONCURRENTLY IF EXISTS ").append(name).append("; ");
            }
            fix.append("then run " + frontEnd.repair()
                    + " and start again (the step runs again from its first statement).");
            return fix.toString();
        }
        boolean lastStatement =
                entry.statementsTotal() != null && entry.statementsDone() + 1 >= entry.statementsTotal();
        if (index != null && indexState.startsWith("present and valid") && lastStatement) {
            return "The index was built completely; only the record is missing. Record the step as applied: "
                    + frontEnd.stamp(entry.version()) + ".";
        }
        if (entry.statementsDone() == 0 && (index == null || indexState.startsWith("missing"))) {
            return "Nothing of it is visible in the catalog. Run " + frontEnd.repair()
                    + " and start again (the step runs again).";
        }
        return "Statements 1 to " + entry.statementsDone()
                + " completed. Either undo them by hand and run " + frontEnd.repair() + " "
                + "(the step then runs again from the start), or complete the remaining statements by hand and record the step: "
                + frontEnd.stamp(entry.version()) + ".";
    }

    private String indexState(Connection c, String index) throws SQLException {
        String qualified = index.contains(".") ? index : Sql.ident(schema) + "." + index;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT i.indisvalid, i.indisready FROM pg_index i WHERE i.indexrelid = to_regclass(?)")) {
            ps.setString(1, qualified);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "missing (not built)";
                }
                return rs.getBoolean(1) ? "present and valid" : "present but INVALID (the build did not finish)";
            }
        }
    }

    /** The index name of a {@code CREATE INDEX CONCURRENTLY name ON ...} statement, or null. */
    static String indexName(String statement) {
        if (statement == null) {
            return null;
        }
        Matcher m = CREATE_INDEX.matcher(statement);
        return m.matches() ? m.group(1) : null;
    }
}
