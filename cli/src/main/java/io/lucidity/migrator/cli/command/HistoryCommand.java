package io.lucidity.migrator.cli.command;

import io.lucidity.migrator.HistoryEntry;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.cli.MigratorCommand;
import io.lucidity.migrator.cli.Output;
import io.lucidity.migrator.cli.Text;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
