package io.lucidity.migrator.cli.command;

import io.lucidity.migrator.HistoryEntry;
import io.lucidity.migrator.MigrationState;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.cli.MigratorCommand;
import io.lucidity.migrator.cli.Output;
import io.lucidity.migrator.cli.PerTenant;
import io.lucidity.migrator.cli.Text;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code migrator history}: {@link Migrator#history()}. */
@Command(
        name = "history",
        sortOptions = false,
        header = "List every migration with its state.",
        description = {
            "Lists every migration, this build's and the database's: version, description, type, state "
                    + "(applied, stamped, pending, failed, partial, changed, unknown, missing, out of order), applied at, "
                    + "duration. A table for people; --json for machines ({\"migrations\": [...]})."
        },
        footerHeading = "%nExample%n",
        footer = {
            "  migrator history --json \\",
            "    | jq -r '.migrations[] | select(.state == \"PENDING\") | .version'"
        })
public final class HistoryCommand extends MigratorCommand {

    /**
     * Each tenant's history in one line, its migrations in the fleet's JSON; outcome from the migrations' states:
     * {@code PROBLEM} (failed, partial, changed, unknown, missing, out of order), {@code BEHIND} (pending) or
     * {@code AT_HEAD}.
     */
    @Override
    protected int fleet(Migrator migrator, Output out) {
        return PerTenant.run(migrator, out, StatusCommand.OUTCOMES, tenant -> {
            List<HistoryEntry> history = tenant.history();
            long applied =
                    count(history, Set.of(MigrationState.APPLIED, MigrationState.STAMPED, MigrationState.BASELINE));
            long pending = count(history, Set.of(MigrationState.PENDING));
            long problems = count(history, PROBLEMS);
            String outcome = problems > 0 ? "PROBLEM" : pending > 0 ? "BEHIND" : "AT_HEAD";
            return PerTenant.Result.of(
                    outcome,
                    outcome + ": " + applied + " applied, " + pending + " pending, " + problems + " problem(s)",
                    Map.of("migrations", history));
        });
    }

    private static final Set<MigrationState> PROBLEMS = EnumSet.of(
            MigrationState.FAILED,
            MigrationState.PARTIAL,
            MigrationState.CHANGED,
            MigrationState.UNKNOWN,
            MigrationState.MISSING,
            MigrationState.OUT_OF_ORDER);

    private static long count(List<HistoryEntry> history, Set<MigrationState> states) {
        return history.stream().filter(h -> states.contains(h.state())).count();
    }

    @Override
    protected int run(Migrator migrator, Output out) {
        List<HistoryEntry> history = migrator.history();
        if (out.json()) {
            out.json(Map.of("migrations", history));
            return 0;
        }
        out.table(
                List.of("VERSION", "DESCRIPTION", "TYPE", "STATE", "APPLIED AT", "TIME"),
                history.stream()
                        .map(h -> Arrays.asList(
                                h.version() == null ? "R" : h.version(),
                                h.description(),
                                h.type(),
                                Text.state(h.state()),
                                Text.time(h.installedOn()),
                                h.executionTime() == null ? null : h.executionTime() + " ms"))
                        .toList());
        return 0;
    }
}
