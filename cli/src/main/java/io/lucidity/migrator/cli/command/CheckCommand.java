package io.lucidity.migrator.cli.command;

import io.lucidity.migrator.CheckReport;
import io.lucidity.migrator.CheckResult;
import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.cli.MigratorCommand;
import io.lucidity.migrator.cli.Output;
import io.lucidity.migrator.cli.PerTenant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code migrator check}: {@link Migrator#check()}; exit 6 when a check blocks. */
@Command(
        name = "check",
        sortOptions = false,
        header = "Run the pre-upgrade checklist; exit 6 when a check blocks.",
        description = {
            "The pre-upgrade checklist in one command: connectivity, server version, extensions "
                    + "available, migration lock free, pending migrations, validate, and the drain checks: "
                    + "check.<name>.sql=... in migrator.properties (passing when the query returns no rows or a single 0) "
                    + "and PreUpgradeCheck classes on the class path (ServiceLoader). Exit 6 when any check blocks."
        },
        footerHeading = "%nExample%n",
        footer = {
            "  # migrator.properties:",
            "  #   check.pipeline-drained.sql=SELECT count(*) FROM documents \\",
            "  #     WHERE status NOT IN ('done', 'failed')",
            "  migrator check && migrator upgrade"
        })
public final class CheckCommand extends MigratorCommand {

    /** Each tenant's checklist: {@code READY}, or {@code BLOCKED} naming the blocking checks (exit 6). */
    @Override
    protected int fleet(Migrator migrator, Output out) {
        return PerTenant.run(migrator, out, List.of("READY", "BLOCKED"), tenant -> {
            CheckReport report = tenant.check();
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("blocked", report.blocked());
            fields.put("results", report.results());
            if (!report.blocked()) {
                return PerTenant.Result.of("READY", "READY: no check blocks", fields);
            }
            List<String> blockers = report.results().stream()
                    .filter(r -> r.outcome() == CheckResult.Outcome.BLOCK)
                    .map(r -> r.name() + " (" + r.detail() + ")")
                    .toList();
            return new PerTenant.Result(
                    "BLOCKED",
                    DiagnosticCode.CHECK_BLOCKED.exitCode(),
                    "BLOCKED by " + String.join("; ", blockers),
                    fields,
                    null);
        });
    }

    @Override
    protected int run(Migrator migrator, Output out) {
        CheckReport report = migrator.check();
        if (out.json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("blocked", report.blocked());
            document.put("results", report.results());
            out.json(document);
        } else {
            out.table(
                    List.of("RESULT", "CHECK", "DETAIL"),
                    report.results().stream()
                            .map(r -> Arrays.asList(r.outcome().name().toLowerCase(Locale.ROOT), r.name(), r.detail()))
                            .toList());
            long blockers = report.results().stream()
                    .filter(r -> r.outcome() == CheckResult.Outcome.BLOCK)
                    .count();
            out.line(
                    blockers == 0
                            ? "Ready to upgrade: no check blocks."
                            : "Not ready: " + blockers + " check(s) block the upgrade.");
        }
        return report.blocked() ? DiagnosticCode.CHECK_BLOCKED.exitCode() : 0;
    }
}
