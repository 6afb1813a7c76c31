package io.lucidity.migrator.cli.command;

import io.lucidity.migrator.HistoryEntry;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.cli.MigratorCommand;
import io.lucidity.migrator.cli.Output;
import io.lucidity.migrator.cli.PerTenant;
import io.lucidity.migrator.cli.Text;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code migrator validate}: {@link Migrator#validate()}. */
@Command(
        name = "validate",
        sortOptions = false,
        header = "Check this build against the history; change nothing.",
        description = {
            "Validates this build's migrations against the history without changing anything: refuses "
                    + "(exit 4) with the diagnostic an upgrade would raise (failed, half-applied, checksum changed, "
                    + "unknown, out of order), else lists the pending migrations."
        },
        footerHeading = "%nExample%n",
        footer = {"  migrator validate --locations filesystem:db/migration || exit $?"})
public final class ValidateCommand extends MigratorCommand {

    /** Each tenant validated: {@code VALID} with its pending migrations, or {@code FAILED} with the refusal (exit 4). */
    @Override
    protected int fleet(Migrator migrator, Output out) {
        return PerTenant.run(migrator, out, List.of("VALID"), tenant -> {
            List<HistoryEntry> pending = tenant.validate();
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("valid", true);
            fields.put("pending", pending);
            return PerTenant.Result.of(
                    "VALID",
                    "VALID, pending: "
                            + Text.list(pending.stream().map(Text::label).toList()),
                    fields);
        });
    }

    @Override
    protected int run(Migrator migrator, Output out) {
        List<HistoryEntry> pending = migrator.validate();
        if (out.json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("valid", true);
            document.put("pending", pending);
            out.json(document);
        } else {
            out.line("Valid: the history agrees with this build; pending: "
                    + Text.list(pending.stream().map(Text::label).toList()));
        }
        return 0;
    }
}
