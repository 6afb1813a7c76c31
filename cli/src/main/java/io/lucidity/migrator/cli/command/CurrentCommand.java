package io.lucidity.migrator.cli.command;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.Status;
import io.lucidity.migrator.cli.MigratorCommand;
import io.lucidity.migrator.cli.Output;
import io.lucidity.migrator.cli.PerTenant;
import io.lucidity.migrator.cli.Text;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code migrator current [--verbose]}: {@link Migrator#current()}. */
@Command(
        name = "current",
        sortOptions = false,
        header = "Print the current revision.",
        description = {
            "Prints the current revision alone on its line (base when nothing is applied). "
                    + "--verbose adds the state: clean, failed, half-applied, ahead of code, behind code, ..."
        },
        footerHeading = "%nExample%n",
        footer = {"  REV=$(migrator current)   # record it before an upgrade"})
public final class CurrentCommand extends MigratorCommand {

    @Option(
            names = {"-v", "--verbose"},
            order = 0,
            description = "Add the state of the database against this build.")
    boolean verbose;

    /**
     * Each tenant's revision: {@code tenant_a: 3} (with {@code --verbose} its state too); outcome {@code OK} or
     * {@code FAILED}.
     */
    @Override
    protected int fleet(Migrator migrator, Output out) {
        return PerTenant.run(migrator, out, List.of("OK"), tenant -> {
            if (!verbose) {
                String revision = tenant.current();
                return PerTenant.Result.of("OK", revision, Map.of("revision", revision));
            }
            Status status = tenant.status();
            List<String> states = Text.states(status);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("revision", status.revision());
            fields.put("head", status.head());
            fields.put("state", states);
            return PerTenant.Result.of(
                    "OK",
                    status.revision() + " (" + String.join("; ", states) + "; head of this build: " + status.head()
                            + ")",
                    fields);
        });
    }

    @Override
    protected int run(Migrator migrator, Output out) {
        if (!verbose) {
            String revision = migrator.current();
            if (out.json()) {
                out.json(Map.of("revision", revision));
            } else {
                out.line(revision);
            }
            return 0;
        }
        Status status = migrator.status();
        List<String> states = Text.states(status);
        if (out.json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("revision", status.revision());
            document.put("head", status.head());
            document.put("state", states);
            out.json(document);
        } else {
            out.line(status.revision());
            out.line("state: " + String.join("; ", states) + " (head of this build: " + status.head() + ")");
        }
        return 0;
    }
}
