package io.lucidity.migrator.cli.command;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.RepairResult;
import io.lucidity.migrator.Status;
import io.lucidity.migrator.cli.MigratorCommand;
import io.lucidity.migrator.cli.Output;
import io.lucidity.migrator.cli.PerTenant;
import io.lucidity.migrator.cli.Text;
import java.io.Console;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code migrator repair [--yes]}: {@link Migrator#repair()}, after confirmation. */
@Command(
        name = "repair",
        sortOptions = false,
        header = "Remove failed rows, realign checksums, close unfinished steps.",
        description = {
            "Repairs the history under the migration lock: removes failed rows, realigns the checksums "
                    + "of changed files, marks applied migrations whose file is gone as deleted, and closes unfinished "
                    + "non-transactional steps (they run again on the next upgrade). Asks for confirmation on a "
                    + "terminal; without one it refuses (exit 2) unless --yes."
        },
        footerHeading = "%nExample%n",
        footer = {
            "  # V6's CREATE INDEX CONCURRENTLY was interrupted and left an invalid index:",
            "  psql -c 'DROP INDEX CONCURRENTLY document_chunks_embedding_hnsw'",
            "  migrator repair --yes && migrator upgrade"
        })
public final class RepairCommand extends MigratorCommand {

    @Option(
            names = {"-y", "--yes"},
            order = 0,
            description = "Repair without asking.")
    boolean yes;

    /**
     * Each tenant repaired: {@code REPAIRED} with what changed, or {@code UNCHANGED}. On a terminal, asks once for the
     * whole fleet.
     */
    @Override
    protected int fleet(Migrator migrator, Output out) {
        if (!yes) {
            Console console = System.console();
            if (console == null) {
                return out.usage(
                        "repair changes the history tables of the fleet and no terminal is attached to confirm it.",
                        "Run 'migrator repair --yes' with the tenant option to repair without confirmation.");
            }
            java.util.List<String> tenants = migrator.tenants();
            out.prompt("Remove failed rows, realign checksums, close unfinished steps in " + tenants.size()
                    + " tenant(s) (" + Text.list(tenants) + ")? [y/N] ");
            String answer = console.readLine();
            if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
                out.progress("Nothing changed.");
                return 1;
            }
        }
        return PerTenant.run(migrator, out, java.util.List.of("REPAIRED", "UNCHANGED"), tenant -> {
            RepairResult r = tenant.repair();
            boolean changed = r.failedRowsRemoved() > 0
                    || !r.realigned().isEmpty()
                    || !r.markedDeleted().isEmpty()
                    || r.unfinishedClosed() > 0;
            String outcome = changed ? "REPAIRED" : "UNCHANGED";
            return PerTenant.Result.of(
                    outcome,
                    outcome + ": " + r.failedRowsRemoved() + " failed row(s) removed, checksums realigned: "
                            + Text.list(r.realigned()) + ", marked deleted: " + Text.list(r.markedDeleted()) + ", "
                            + r.unfinishedClosed() + " unfinished closed",
                    r);
        });
    }

    @Override
    protected int run(Migrator migrator, Output out) {
        if (!yes) {
            Console console = System.console();
            if (console == null) {
                return out.usage(
                        "repair changes the history table and no terminal is attached to confirm it.",
                        "Run 'migrator repair --yes' to repair without confirmation.");
            }
            Status status = migrator.status();
            out.progress("Database " + status.database() + " (schema " + status.schema() + ") at revision "
                    + status.revision() + "; problems: "
                    + Text.list(status.problems().stream()
                            .map(h -> Text.label(h) + " (" + Text.state(h.state()) + ")")
                            .toList()));
            out.prompt("Remove failed rows, realign checksums, close unfinished steps? [y/N] ");
            String answer = console.readLine();
            if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
                out.progress("Nothing changed.");
                return 1;
            }
        }
        RepairResult result = migrator.repair();
        if (out.json()) {
            out.json(result);
            return 0;
        }
        out.line("Repaired the history:");
        out.line("  failed rows removed:  " + result.failedRowsRemoved());
        out.line("  checksums realigned:  " + Text.list(result.realigned()));
        out.line("  marked deleted:       " + Text.list(result.markedDeleted()));
        out.line("  unfinished closed:    " + result.unfinishedClosed());
        return 0;
    }
}
