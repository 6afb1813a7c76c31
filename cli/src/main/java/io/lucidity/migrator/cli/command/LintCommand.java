package io.lucidity.migrator.cli.command;

import io.lucidity.migrator.LintFinding;
import io.lucidity.migrator.LintReport;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.cli.MigratorCommand;
import io.lucidity.migrator.cli.Output;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code migrator lint}: {@link Migrator#lint(MigratorConfig.Builder)}; exit 6 when an error is not allowed. */
@Command(
        name = "lint",
        sortOptions = false,
        header = "Find the pending migration statements that would block traffic; exit 6 on an error.",
        description = {
            "Lints the pending migrations for lock hazards: an index built without CONCURRENTLY, a default that"
                    + " rewrites the table, SET NOT NULL or a constraint that scans under a strong lock, a rename or"
                    + " drop the running build still uses, ... Each finding names the file and line, the rule, the"
                    + " lock the statement takes, what it blocks, why, and the safe rewrite.",
            "With --url the pending migrations are those an upgrade would apply, and the tables' sizes rank the"
                    + " severity (small tables: warning). Without a database every migration of the locations is"
                    + " pending and every table it does not create exists, of unknown size.",
            "--trace (needs a database) also runs the pending migrations on a scratch copy of the schema (a"
                    + " database the migration role creates and drops, without data), rolled back, and shows beside"
                    + " each finding the locks the statement really took.",
            "Allow a finding with a comment on or above the statement: -- migrator:allow <rule> <reason>."
                    + " Exit 6 when an error finding is not allowed, else 0. docs/lint.md lists the rules."
        },
        footerHeading = "%nExamples%n",
        footer = {
            "  migrator lint --locations filesystem:db/migration",
            "  migrator lint --json --url jdbc:postgresql://db:5432/app --user app",
            "  migrator lint --trace --url jdbc:postgresql://db:5432/app --user app"
        })
public final class LintCommand extends MigratorCommand {

    @Option(
            names = "--trace",
            order = 0,
            description = "Also measure the locks each pending statement takes, on a scratch copy of the schema "
                    + "(needs a database; the migration role must be allowed CREATE DATABASE).")
    boolean trace;

    @Override
    protected int run(MigratorConfig.Builder settings, Output out) {
        if (!trace) {
            return print(Migrator.lint(settings), out);
        }
        try (Migrator migrator = settings.load()) {
            return run(migrator, out);
        } catch (MigratorException e) {
            if (e.code() == io.lucidity.migrator.DiagnosticCode.CONFIG_INVALID
                    && e.getMessage().contains("url")) {
                return out.usage(
                        "--trace needs a database: " + e.summary(),
                        "Give --url (or MIGRATOR_URL), or lint without --trace.");
            }
            throw e;
        }
    }

    @Override
    protected int run(Migrator migrator, Output out) {
        return print(migrator.lint(trace), out);
    }

    private static int print(LintReport report, Output out) {
        if (out.json()) {
            List<Map<String, Object>> findings = new ArrayList<>();
            for (LintFinding f : report.findings()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("migration", f.migration());
                m.put("file", f.file());
                m.put("line", f.line());
                m.put("rule", f.rule());
                m.put("severity", f.severity().label());
                m.put("lock", f.lock());
                m.put("blocks", f.blocks());
                m.put("message", f.message());
                m.put("fix", f.fix());
                m.put("allowed", f.allowed());
                m.put("statement", f.statement());
                if (report.trace() != null) {
                    m.put("traced", f.traced());
                }
                findings.add(m);
            }
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("findings", findings);
            document.put("summary", summary(report));
            out.json(document);
        } else {
            text(report, out);
        }
        return report.exitCode();
    }

    private static Map<String, Object> summary(LintReport report) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("migrations", report.linted());
        s.put("errors", report.blocking().size());
        s.put(
                "warnings",
                report.findings().stream()
                        .filter(f -> !f.isAllowed() && f.severity() != LintFinding.Severity.ERROR)
                        .count());
        s.put(
                "allowed",
                report.findings().stream().filter(LintFinding::isAllowed).count());
        s.put("database", report.live());
        s.put("serverVersion", report.serverVersion());
        if (report.trace() != null) {
            s.put("trace", report.trace());
        }
        return s;
    }

    private static void text(LintReport report, Output out) {
        String migration = null;
        for (LintFinding f : report.findings()) {
            if (!f.migration().equals(migration)) {
                migration = f.migration();
                out.line((migration.equals(report.findings().get(0).migration()) ? "" : "\n") + migration + "  "
                        + f.file());
            }
            out.line("  line " + f.line() + ": " + f.severity().label() + " " + f.rule()
                    + (f.isAllowed() ? " (allowed: " + f.allowed() + ")" : ""));
            out.line("    " + f.statement());
            out.line("    takes " + f.lock() + "; blocks " + f.blocks());
            if (f.traced() != null) {
                out.line("    traced: " + f.traced());
            }
            out.line("    " + f.message());
            if (!f.isAllowed()) {
                out.line("    fix:");
                f.fix().lines().forEach(l -> out.line("      " + l));
            }
        }
        long allowed = report.findings().stream().filter(LintFinding::isAllowed).count();
        int errors = report.blocking().size();
        long others = report.findings().size() - allowed - errors;
        String where = report.live()
                ? "pending migration(s), table sizes from the database"
                : "migration(s), without a database (tables of unknown size)";
        if (report.trace() != null) {
            out.line((report.findings().isEmpty() ? "" : "\n") + "Trace: " + report.trace() + ".");
        }
        out.line((report.findings().isEmpty() || report.trace() != null ? "" : "\n") + report.linted() + " " + where
                + ": " + errors
                + " error(s), " + others + " warning(s)/info, " + allowed + " allowed."
                + (errors == 0 ? "" : " Exit 6."));
    }
}
