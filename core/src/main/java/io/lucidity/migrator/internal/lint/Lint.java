package io.lucidity.migrator.internal.lint;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.LintFinding;
import io.lucidity.migrator.LintPolicy;
import io.lucidity.migrator.LintReport;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.TransactionMode;
import io.lucidity.migrator.internal.Facts;
import io.lucidity.migrator.internal.NameList;
import io.lucidity.migrator.internal.Workspace;
import io.lucidity.migrator.internal.config.FrontEnd;
import io.lucidity.migrator.internal.history.HistoryView;
import io.lucidity.migrator.internal.migrate.Executor;
import io.lucidity.migrator.internal.migrate.Planner;
import io.lucidity.migrator.internal.resolve.MigrationCatalog;
import io.lucidity.migrator.internal.resolve.ResolvedMigration;
import io.lucidity.migrator.internal.resolve.ScriptStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lint command: finds the statements of the pending migrations that take a lock traffic would wait for, or that
 * the previous build cannot live with (docs/lint.md). With a database, the pending migrations are those an upgrade to
 * head would apply, and the tables' sizes and the server version come from it ({@link TableSizes}); without one, every
 * migration of the locations is pending, the tables they do not create exist and are of unknown size, and the server
 * is the newest supported.
 */
public final class Lint {
    private static final Logger LOG = LoggerFactory.getLogger(Lint.class);
    private static final Pattern ALLOW = Pattern.compile("--\\s*migrator:allow\\s+([a-z0-9-]+)[ \\t]*([^\\r\\n]*)");

    /** A statement in its place: the migration, the statement as Flyway split it, the file line of its first token. */
    record Statement(ResolvedMigration migration, ScriptStatement sql, int line, int lastLine, String text) {}

    private final String schema;
    private final TransactionMode mode;
    /** The pending statements by file and first line (the trace's key). */
    private final Map<String, Statement> statements = new HashMap<>();

    private Lint(String schema, TransactionMode mode) {
        this.schema = schema;
        this.mode = mode;
    }

    /** {@link io.lucidity.migrator.Migrator#lint()}: the pending migrations of the database, with its table sizes. */
    public static LintReport live(Workspace ws) {
        return livePending(ws, null);
    }

    /** The pending migrations (versioned, then repeatable) linted on a migration session, with {@code trace} or null. */
    private static LintReport livePending(Workspace ws, LockTrace.Result trace) {
        MigrationCatalog catalog = ws.catalog();
        return ws.withConnection("Linting the pending migrations", s -> {
            Connection c = s.connection();
            ws.scripts().bind(c);
            HistoryView history = new HistoryView(ws.tables().load(c, s.state()));
            Planner.Plan plan = new Planner(ws.config()).plan(catalog, history, catalog.headVersion(), true);
            List<ResolvedMigration> pending = new ArrayList<>(plan.versioned());
            pending.addAll(plan.repeatable());
            return pending(ws, c, pending, trace);
        });
    }

    /** Lints {@code pending} with the sizes and server version read on {@code c} (a hardened migration session). */
    public static LintReport pending(Workspace ws, Connection c, List<ResolvedMigration> pending) throws SQLException {
        return pending(ws, c, pending, null);
    }

    /**
     * {@link io.lucidity.migrator.Migrator#lint(boolean)} with a trace: the locks {@link LockTrace} measured on a
     * scratch copy beside each finding, and a finding of its own ({@code traced-lock}, info) for a statement that took
     * {@code SHARE} or stronger on an existing table without one.
     */
    public static LintReport traced(Workspace ws) {
        return livePending(ws, LockTrace.run(ws));
    }

    private static LintReport pending(
            Workspace ws, Connection c, List<ResolvedMigration> pending, LockTrace.Result trace) throws SQLException {
        Lint lint = new Lint(ws.config().schema(), ws.config().transactionMode());
        Context probe = lint.run(List.of(), pending, TableSizes.unknown(), new ArrayList<>());
        java.util.Set<String> tables = new java.util.LinkedHashSet<>(probe.touched());
        if (trace != null) {
            // "oid 16999": a relation gone before its name was read (a rewrite's transient heap), not a table
            trace.statements()
                    .forEach(t -> t.locks().stream()
                            .filter(l -> !l.relation().startsWith("oid "))
                            .forEach(l -> tables.add(unquote(l.relation()))));
        }
        TableSizes sizes = TableSizes.read(c, tables);
        List<Hit> hits = new ArrayList<>();
        lint.run(List.of(), pending, sizes, hits);
        if (trace != null) {
            hits.addAll(lint.tracedOnly(trace, hits, sizes));
        }
        return report(hits, pending, sizes, trace);
    }

    /** {@code public.orders} from {@code format('%I.%I')}'s {@code public."Orders"}: the names as the catalog holds them. */
    static String unquote(String qualified) {
        StringBuilder out = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < qualified.length(); i++) {
            char ch = qualified.charAt(i);
            if (ch == '"') {
                if (quoted && i + 1 < qualified.length() && qualified.charAt(i + 1) == '"') {
                    out.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    /** The strong modes: what blocks writes (and, for ACCESS EXCLUSIVE, reads). */
    private static final List<String> STRONG = List.of("ACCESS EXCLUSIVE", "EXCLUSIVE", "SHARE ROW EXCLUSIVE", "SHARE");

    /**
     * The traced statements that took a strong lock on a table the live database holds, without a static finding on
     * that statement: a finding each ({@code traced-lock}, info: no rule knows it to scan or rewrite).
     */
    private List<Hit> tracedOnly(LockTrace.Result trace, List<Hit> hits, TableSizes sizes) {
        java.util.Set<String> found = new java.util.HashSet<>();
        hits.forEach(h -> found.add(
                key(h.statement().migration().displayPath(), h.statement().line())));
        List<Hit> extra = new ArrayList<>();
        for (LockTrace.TracedStatement t : trace.statements()) {
            String k = key(t.file(), t.line());
            Statement st = statements.get(k);
            if (st == null || found.contains(k)) {
                continue;
            }
            for (LockTrace.TracedLock l : t.locks()) {
                String table = unquote(l.relation());
                TableSizes.Size size = sizes.size(table);
                if (size == null || !STRONG.contains(l.mode())) {
                    continue;
                }
                String blocks = l.mode().equals("ACCESS EXCLUSIVE") ? Rule.ALL : "writes, DDL";
                extra.add(new Hit(
                        Rule.TRACED_LOCK,
                        io.lucidity.migrator.LintFinding.Severity.INFO,
                        st,
                        0,
                        l.mode(),
                        blocks,
                        "The trace saw this statement take " + l.mode() + " on " + l.relation() + " ("
                                + TableSizes.describe(size) + "), which no rule predicts to scan or rewrite: it should"
                                + " be brief, but it waits behind every query already running on the table, and "
                                + blocks + " wait behind it.",
                        "-- keep ddl-lock-timeout set (and ddl-lock-retries) so that it gives up instead of queueing"
                                + " traffic;\n-- docs/lint.md lists the safe forms of the statements that take long."));
                break;
            }
        }
        return extra;
    }

    private static String key(String file, int line) {
        return file + ":" + line;
    }

    /**
     * Lints the migrations of the locations without a database: all of them as one upgrade from an empty database
     * ({@code each} false), or each as an upgrade of its own after the ones before it ({@code each} true: a table an
     * earlier migration creates exists).
     */
    public static LintReport files(Workspace ws, boolean each) {
        Lint lint = new Lint(ws.config().schema(), ws.config().transactionMode());
        List<ResolvedMigration> all = new ArrayList<>(ws.catalog().versioned());
        all.addAll(ws.catalog().repeatable());
        List<Hit> hits = new ArrayList<>();
        if (each) {
            for (int i = 0; i < all.size(); i++) {
                lint.run(all.subList(0, i), List.of(all.get(i)), TableSizes.unknown(), hits);
            }
        } else {
            lint.run(List.of(), all, TableSizes.unknown(), hits);
        }
        return report(hits, all, TableSizes.unknown(), null);
    }

    /**
     * Before an upgrade applies {@code pending}: under {@code warn} logs each unallowed finding, under {@code refuse}
     * refuses ({@code MIGRATOR-LINT}) when an error is not allowed.
     *
     * @throws MigratorException {@code MIGRATOR-LINT} under {@code lint=refuse}
     */
    public static void beforeUpgrade(Workspace ws, Connection c, List<ResolvedMigration> pending) throws SQLException {
        LintPolicy policy = ws.config().lint();
        if (policy == LintPolicy.OFF || pending.isEmpty()) {
            return;
        }
        LintReport report;
        try {
            report = pending(ws, c, pending);
        } catch (SQLException | RuntimeException e) {
            if (policy == LintPolicy.REFUSE) {
                throw e;
            }
            // lint=warn never stops an upgrade: a linter that cannot run is reported, not obeyed.
            LOG.warn(
                    "[migrator] The pending migrations could not be linted ({}); upgrading without it.",
                    e.getMessage());
            return;
        }
        if (policy == LintPolicy.REFUSE && report.blocked()) {
            throw refusal(report, FrontEnd.of(ws.config().integration()));
        }
        for (LintFinding f : report.findings()) {
            if (!f.isAllowed()) {
                LOG.warn(
                        "[migrator] Lock hazard ({}, {}) in {} line {}: {} Takes {}, blocks {}. Fix:\n{}",
                        f.rule(),
                        f.severity().label(),
                        f.migration(),
                        f.line(),
                        f.message(),
                        f.lock(),
                        f.blocks(),
                        f.fix());
            }
        }
    }

    /** The refusal of {@code lint=refuse}. */
    static MigratorException refusal(LintReport report, FrontEnd frontEnd) {
        List<LintFinding> blocking = report.blocking();
        LintFinding first = blocking.get(0);
        List<String> where = blocking.stream()
                .map(f -> f.rule() + " at " + f.migration() + " line " + f.line())
                .toList();
        return MigratorException.of(
                DiagnosticCode.LINT_REFUSED,
                blocking.size() + " pending migration statement(s) would block traffic or break the running build; "
                        + "first: " + first.rule() + " in " + first.migration() + " line " + first.line() + ": "
                        + first.message(),
                Facts.of("findings", NameList.of(where, ", ", "findings"))
                        .and("lock", first.lock())
                        .and("blocks", first.blocks())
                        .map(),
                "Rewrite the statement the safe way (" + first.fix().replace('\n', ' ') + "), or allow it with a "
                        + "comment above it: -- migrator:allow " + first.rule() + " <reason>; "
                        + frontEnd.command("lint", "lint()")
                        + " lists every finding. To upgrade anyway set " + frontEnd.assign("lint", "warn") + ".",
                null);
    }

    /** Reads the migrations: first those that only teach (applied), then the pending ones, transaction by transaction. */
    private Context run(
            List<ResolvedMigration> applied, List<ResolvedMigration> pending, TableSizes sizes, List<Hit> hits) {
        Context ctx = new Context(schema);
        ctx.sizes(sizes);
        ctx.learning(true);
        for (ResolvedMigration m : applied) {
            ctx.startTransaction(m.transactional());
            read(m, ctx, hit -> {});
        }
        ctx.learning(false);
        for (List<ResolvedMigration> group : Executor.groups(pending, mode)) {
            ctx.startTransaction(group.get(0).transactional());
            for (ResolvedMigration m : group) {
                read(m, ctx, hits::add).forEach(st -> statements.put(key(m.displayPath(), st.line()), st));
            }
            hits.addAll(ctx.takeFlushed());
            hits.addAll(ctx.dataChangesWithDdl());
        }
        return ctx;
    }

    private static List<Statement> read(ResolvedMigration m, Context ctx, java.util.function.Consumer<Hit> out) {
        List<Statement> read = new ArrayList<>();
        for (ScriptStatement s : m.statements()) {
            Tokens tokens = Tokens.read(s.sql());
            if (tokens.size() == 0) {
                continue;
            }
            // Flyway's line is its first token's; the text may start with comments.
            int first = s.line();
            int last = s.line()
                    + tokens.at(tokens.size() - 1).line()
                    - tokens.at(0).line();
            String text = tokens.text(0, tokens.size());
            text = text.length() <= 160 ? text : text.substring(0, 157) + "...";
            Statement statement = new Statement(m, s, first, last, text);
            read.add(statement);
            Rules.apply(tokens, ctx, statement, out);
        }
        return read;
    }

    private static LintReport report(
            List<Hit> hits, List<ResolvedMigration> linted, TableSizes sizes, LockTrace.Result trace) {
        Map<String, LockTrace.TracedStatement> traced = new HashMap<>();
        if (trace != null) {
            trace.statements().forEach(t -> traced.put(key(t.file(), t.line()), t));
        }
        Map<ResolvedMigration, Integer> order = new HashMap<>();
        for (int i = 0; i < linted.size(); i++) {
            order.put(linted.get(i), i);
        }
        Map<ResolvedMigration, String[]> lines = new HashMap<>();
        List<LintFinding> findings = new ArrayList<>();
        hits.stream()
                .sorted(Comparator.comparing(
                                (Hit h) -> order.getOrDefault(h.statement().migration(), 0))
                        .thenComparing(h -> h.statement().line() + h.lineInStatement()))
                .forEach(h -> {
                    Statement st = h.statement();
                    String[] text =
                            lines.computeIfAbsent(st.migration(), m -> m.sql().split("\r?\n", -1));
                    findings.add(new LintFinding(
                            st.migration().label(),
                            st.migration().displayPath(),
                            st.line() + h.lineInStatement(),
                            h.rule().id(),
                            h.severity(),
                            h.lock(),
                            h.blocks(),
                            h.message(),
                            h.fix(),
                            allowed(text, st, h.rule()),
                            st.text(),
                            trace == null
                                    ? null
                                    : describe(traced.get(key(st.migration().displayPath(), st.line())), trace)));
                });
        return new LintReport(
                findings, linted.size(), sizes.serverVersion(), sizes.live(), trace == null ? null : summary(trace));
    }

    /** The traced locks of a statement, or why there are none. */
    private static String describe(LockTrace.TracedStatement t, LockTrace.Result trace) {
        if (t == null) {
            return trace.failed() ? "not traced: the trace stopped at an earlier failure" : "not traced";
        }
        String locks = t.locks().isEmpty()
                ? "no relation lock"
                : String.join(
                        ", ",
                        t.locks().stream()
                                .map(l -> l.mode() + " on " + l.relation())
                                .toList());
        return t.traced() ? locks : locks + " (sampled: " + t.reason() + ")";
    }

    private static String summary(LockTrace.Result trace) {
        return trace.statements().size() + " statement(s) traced on a scratch copy of the schema, rolled back"
                + (trace.failed() ? "; stopped at a statement that failed there: " + trace.failure() : "");
    }

    /**
     * The reason of a {@code -- migrator:allow <rule> <reason>} comment on a line of the statement or on the comment
     * lines just above it ("" when no reason is given), or null.
     */
    static String allowed(String[] file, Statement st, Rule rule) {
        int top = st.line() - 1; // 0-based index of the statement's first line
        while (top - 1 >= 0 && top - 1 < file.length && file[top - 1].trim().startsWith("--")) {
            top--;
        }
        for (int i = Math.max(0, top); i <= Math.min(file.length - 1, st.lastLine() - 1); i++) {
            Matcher m = ALLOW.matcher(file[i]);
            while (m.find()) {
                if (m.group(1).equals(rule.id())) {
                    String reason = m.group(2).trim();
                    return reason.isEmpty() ? "(no reason given)" : reason;
                }
            }
        }
        return null;
    }
}
