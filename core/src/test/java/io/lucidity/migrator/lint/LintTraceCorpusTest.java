package io.lucidity.migrator.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.LintFinding;
import io.lucidity.migrator.LintReport;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The "trace and static agree on the corpus": every corpus case runs as the pending migration V2 on a fresh
 * database where {@code setup.sql} was applied as V1 (its tables exist, so the linter treats them as the previous
 * build's), and {@code lint(true)} is asked for. Then
 *
 * <ul>
 *   <li>every static finding whose lock is one lock mode on a table of V1, on a statement the trace measured in a
 *       transaction, names the mode the trace measured on that table (or the statement found it already held in that
 *       mode or a stronger one by an earlier statement of the transaction);
 *   <li>every table of V1 that the case's transaction holds in {@code SHARE} or a stronger mode at its end (measured
 *       here, independently of the tracer: the case runs in one transaction on the test database and {@code pg_locks}
 *       is read before the rollback) is covered by a finding whose traced lock on it is that mode.
 * </ul>
 *
 * Cases PostgreSQL refuses ({@code -- fails:}) and cases with a statement that cannot run in a transaction (the trace
 * only samples those) are not measured; they are counted with the reason, and at least {@link #MIN_MEASURED} cases must
 * be measured.
 */
class LintTraceCorpusTest {
    private static final int MIN_MEASURED = 70;

    /** The lock modes from weakest to strongest, in SQL words. */
    private static final List<String> MODES = List.of(
            "ACCESS SHARE",
            "ROW SHARE",
            "ROW EXCLUSIVE",
            "SHARE UPDATE EXCLUSIVE",
            "SHARE",
            "SHARE ROW EXCLUSIVE",
            "EXCLUSIVE",
            "ACCESS EXCLUSIVE");

    private static final int SHARE = MODES.indexOf("SHARE");

    /** A lock the rule documents for the table and something else: {@code SHARE (table), ACCESS EXCLUSIVE (index)}. */
    private static final Pattern TABLE_PART = Pattern.compile("([A-Z ]+) \\(table\\).*");

    private static final Pattern TRACED_LOCK = Pattern.compile("([A-Z ]+) on (\\S+)");

    /** The tables of V1 ({@code public.name}), as format('%I.%I') writes them. */
    private static final String TABLES = "SELECT pg_catalog.format('%I.%I', n.nspname, c.relname)"
            + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.relkind IN ('r', 'p') AND n.nspname = 'public' AND c.relname <> 'flyway_schema_history'";

    /** The relation locks this backend holds on the tables of V1, strongest first per table. */
    private static final String HELD = "SELECT pg_catalog.format('%I.%I', n.nspname, c.relname), l.mode"
            + " FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_class c ON c.oid = l.relation"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'relation' AND l.granted"
            + " AND c.relkind IN ('r', 'p') AND n.nspname = 'public'";

    private static final List<String> measured = new ArrayList<>();
    private static final Map<String, String> notMeasured = new TreeMap<>();
    private static int compared;
    /** Static findings with a lock mode on a table the case creates (not one of V1). */
    private static int onNewTables;

    private static int covered;

    @TestFactory
    Stream<DynamicTest> traceAndStaticAgreeOnEveryCase() {
        String setup = Corpus.setup();
        return Corpus.cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> run(setup, c)));
    }

    @AfterAll
    static void summary() {
        Map<String, Integer> reasons = new TreeMap<>();
        notMeasured.values().forEach(r -> reasons.merge(r, 1, Integer::sum));
        System.out.println("[lint-trace-corpus] " + measured.size() + " case(s) measured and agreed (" + compared
                + " static lock(s) compared, " + onNewTables + " on tables the case creates not compared, " + covered
                + " SHARE-or-stronger table lock(s) covered); "
                + notMeasured.size() + " not measured: " + reasons + " " + notMeasured.keySet());
        assertThat(measured.size())
                .as("cases measured (not measured: " + notMeasured + ")")
                .isGreaterThanOrEqualTo(MIN_MEASURED);
    }

    private static void run(String setup, Corpus.Case c) throws SQLException {
        if (c.failsWith() != null) {
            notMeasured.put(c.file(), "refused by PostgreSQL (" + c.failsWith() + ")");
            return;
        }
        try (TestDb db = new TestDb();
                MigrationFiles files = new MigrationFiles()) {
            files.migration("V1__setup.sql", setup);
            try (Migrator migrator = db.configure(files).load()) {
                migrator.upgradeToHead();
            }
            Set<String> tables = new HashSet<>(db.column(TABLES));
            files.migration("V2__case.sql", c.sql());
            LintReport report;
            try (Migrator migrator = db.configure(files).load()) {
                report = migrator.lint(true);
            }
            Map<String, String> held = heldAtEnd(db, c.sql());
            if (held == null) {
                notMeasured.put(c.file(), "a statement runs outside a transaction (the trace only samples it)");
                return;
            }
            List<LintFinding> findings = report.findings();
            for (LintFinding f : findings) {
                assertThat(f.traced()).as("%s line %d", c.file(), f.line()).doesNotStartWith("not traced");
            }
            if (findings.stream().anyMatch(f -> f.traced().contains("(sampled"))) {
                notMeasured.put(c.file(), "a statement runs outside a transaction (the trace only samples it)");
                return;
            }
            for (LintFinding f : findings) {
                String mode = tableMode(f.lock());
                if (f.rule().equals("traced-lock") || mode == null) {
                    continue;
                }
                Map<String, String> traced = traced(f.traced());
                String table = table(f, tables, traced);
                if (table == null) {
                    onNewTables++;
                } else {
                    String took = traced.get(table);
                    String before = heldBefore(findings, f, table);
                    if (took == null && before != null && strength(before) >= strength(mode)) {
                        took = mode; // an earlier statement of the transaction holds it in this mode or stronger
                    }
                    assertThat(took)
                            .as(
                                    "%s line %d (%s): the traced lock on %s; static says %s, traced: %s",
                                    c.file(), f.line(), f.rule(), table, mode, f.traced())
                            .isEqualTo(mode);
                    compared++;
                }
            }
            for (Map.Entry<String, String> e : held.entrySet()) {
                if (!tables.contains(e.getKey()) || strength(e.getValue()) < SHARE) {
                    continue;
                }
                String strongest = null;
                for (LintFinding f : findings) {
                    String m = traced(f.traced()).get(e.getKey());
                    if (m != null && (strongest == null || strength(m) > strength(strongest))) {
                        strongest = m;
                    }
                }
                assertThat(strongest)
                        .as(
                                "%s: the case holds %s on %s at its end; the findings' traced locks on it (%s)",
                                c.file(),
                                e.getValue(),
                                e.getKey(),
                                findings.stream()
                                        .map(f -> f.rule() + ": " + f.traced())
                                        .toList())
                        .isEqualTo(e.getValue());
                covered++;
            }
            measured.add(c.file());
        }
    }

    /**
     * Runs the case in one transaction on the test database and returns the strongest lock it holds per table at its
     * end (rolled back); null when a statement cannot run in a transaction block (SQLSTATE 25001).
     */
    private static Map<String, String> heldAtEnd(TestDb db, String sql) throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                c.rollback();
                if ("25001".equals(e.getSQLState()) || "55P04".equals(e.getSQLState())) {
                    return null;
                }
                throw e;
            }
            Map<String, String> held = new HashMap<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(HELD)) {
                while (rs.next()) {
                    held.merge(rs.getString(1), words(rs.getString(2)), (a, b) -> strength(a) >= strength(b) ? a : b);
                }
            }
            c.rollback();
            return held;
        }
    }

    /** The single mode a finding's lock names for its table, or null ({@code none (refused ...)}, row locks, ...). */
    private static String tableMode(String lock) {
        if (MODES.contains(lock)) {
            return lock;
        }
        Matcher m = TABLE_PART.matcher(lock);
        return m.matches() && MODES.contains(m.group(1)) ? m.group(1) : null;
    }

    /** {@code SHARE on public.orders, ACCESS EXCLUSIVE on public.orders_idx} by relation. */
    private static Map<String, String> traced(String traced) {
        Map<String, String> out = new HashMap<>();
        for (String part : traced.split(", ")) {
            Matcher m = TRACED_LOCK.matcher(part.trim());
            if (m.matches()) {
                out.put(m.group(2), m.group(1));
            }
        }
        return out;
    }

    /** The strongest mode earlier statements of the case (their findings' traced locks) took on {@code table}. */
    private static String heldBefore(List<LintFinding> findings, LintFinding f, String table) {
        String strongest = null;
        for (LintFinding other : findings) {
            if (other.line() < f.line() && !other.statement().equals(f.statement())) {
                String m = traced(other.traced()).get(table);
                if (m != null && (strongest == null || strength(m) > strength(strongest))) {
                    strongest = m;
                }
            }
        }
        return strongest;
    }

    /**
     * The table of V1 a finding is about: the one its message names first, else the only table of V1 it traced; null
     * when there is none (a finding on a table the case creates).
     */
    private static String table(LintFinding f, Set<String> tables, Map<String, String> traced) {
        String first = null;
        int at = Integer.MAX_VALUE;
        for (String table : tables) {
            int i = position(f.message(), table);
            if (i >= 0 && i < at) {
                first = table;
                at = i;
            }
        }
        if (first != null) {
            return first;
        }
        List<String> locked = traced.keySet().stream().filter(tables::contains).toList();
        return locked.size() == 1 ? locked.get(0) : null;
    }

    /** Where the message names {@code public.name}'s table as a word, or -1. */
    private static int position(String message, String table) {
        String name = table.substring(table.indexOf('.') + 1);
        Matcher m = Pattern.compile("(?<![A-Za-z0-9_$.])" + Pattern.quote(name) + "(?![A-Za-z0-9_$])")
                .matcher(message);
        return m.find() ? m.start() : -1;
    }

    private static int strength(String mode) {
        return MODES.indexOf(mode);
    }

    /** {@code ShareRowExclusiveLock} → {@code SHARE ROW EXCLUSIVE}. */
    private static String words(String mode) {
        String bare = mode.endsWith("Lock") ? mode.substring(0, mode.length() - 4) : mode;
        return bare.replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(java.util.Locale.ROOT);
    }
}
