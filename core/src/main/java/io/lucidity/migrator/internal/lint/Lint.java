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

    private Lint(String schema, TransactionMode mode) {
        this.schema = schema;
        this.mode = mode;
    }

    /** {@link io.lucidity.migrator.Migrator#lint()}: the pending migrations of the database, with its table sizes. */
    public static LintReport live(Workspace ws) {
        MigrationCatalog catalog = ws.catalog();
        return ws.withConnection("Linting the pending migrations", s -> {
            Connection c = s.connection();
            ws.scripts().bind(c);
            HistoryView history = new HistoryView(ws.tables().load(c, s.state()));
            Planner.Plan plan = new Planner(ws.config()).plan(catalog, history, catalog.headVersion(), true);
            List<ResolvedMigration> pending = new ArrayList<>(plan.versioned());
            pending.addAll(plan.repeatable());
            return pending(ws, c, pending);
        });
    }

    /** Lints {@code pending} with the sizes and server version read on {@code c} (a hardened migration session). */
    public static LintReport pending(Workspace ws, Connection c, List<ResolvedMigration> pending) throws SQLException {
        Lint lint = new Lint(ws.config().schema(), ws.config().transactionMode());
        Context probe = lint.run(List.of(), pending, TableSizes.unknown(), new ArrayList<>());
        TableSizes sizes = TableSizes.read(c, probe.touched());
        List<Hit> hits = new ArrayList<>();
        lint.run(List.of(), pending, sizes, hits);
        return report(hits, pending, sizes);
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
        return report(hits, all, TableSizes.unknown());
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
            LOG.warn("[migrator] The pending migrations could not be linted ({}); upgrading without it.", e.getMessage());
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
                        + "comment above it: -- migrator:allow " + first.rule() + " <reason>; `migrator lint` lists "
                        + "every finding. To upgrade anyway set " + frontEnd.assign("lint", "warn") + ".",
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
                read(m, ctx, hits::add);
            }
            hits.addAll(ctx.takeFlushed());
            hits.addAll(ctx.dataChangesWithDdl());
        }
        return ctx;
    }

    private static void read(ResolvedMigration m, Context ctx, java.util.function.Consumer<Hit> out) {
        for (ScriptStatement s : m.statements()) {
            Tokens tokens = Tokens.read(s.sql());
            if (tokens.size() == 0) {
                continue;
            }
            // Flyway's line is its first token's; the text may start with comments.
            int first = s.line();
            int last = s.line() + tokens.at(tokens.size() - 1).line() - tokens.at(0).line();
            String text = tokens.text(0, tokens.size());
            text = text.length() <= 160 ? text : text.substring(0, 157) + "...";
            Rules.apply(tokens, ctx, new Statement(m, s, first, last, text), out);
        }
    }

    private static LintReport report(List<Hit> hits, List<ResolvedMigration> linted, TableSizes sizes) {
        Map<ResolvedMigration, Integer> order = new HashMap<>();
        for (int i = 0; i < linted.size(); i++) {
            order.put(linted.get(i), i);
        }
        Map<ResolvedMigration, String[]> lines = new HashMap<>();
        List<LintFinding> findings = new ArrayList<>();
        hits.stream()
                .sorted(Comparator.comparing((Hit h) -> order.getOrDefault(h.statement().migration(), 0))
                        .thenComparing(h -> h.statement().line() + h.lineInStatement()))
                .forEach(h -> {
                    Statement st = h.statement();
                    String[] text = lines.computeIfAbsent(st.migration(), m -> m.sql().split("\r?\n", -1));
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
                            st.text()));
                });
        return new LintReport(findings, linted.size(), sizes.serverVersion(), sizes.live());
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
