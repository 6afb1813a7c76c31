package io.lucidity.migrator.cli.command;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.cli.MigratorCommand;
import io.lucidity.migrator.cli.Output;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code migrator config}: the settings in effect, from every source, without connecting. */
@Command(
        name = "config",
        sortOptions = false,
        header = "Print the settings in effect (passwords masked); connects to nothing.",
        description = {
            "Prints every setting as it results from the command line, MIGRATOR_* variables, --config FILE "
                    + "and ./migrator.properties, by its key (the key of migrator.properties and of the option), passwords "
                    + "masked. Nothing connects to the database."
        },
        footerHeading = "%nExample%n",
        footer = {"  MIGRATOR_LOCK_TIMEOUT=30s migrator config --schema app"})
public final class ConfigCommand extends MigratorCommand {

    @Override
    protected int run(Migrator migrator, Output out) {
        Map<String, String> settings = migrator.config().settings();
        if (out.json()) {
            out.json(Map.of("settings", settings));
        } else {
            out.rows(settings.entrySet().stream()
                    .map(e -> Arrays.asList(e.getKey(), e.getValue() == null ? "(not set)" : e.getValue()))
                    .map(List::copyOf)
                    .toList());
        }
        return 0;
    }

    @Override
    protected boolean connects() {
        return false;
    }

    /** The settings of a fleet are printed as any others: {@code config} connects to no tenant. */
    @Override
    protected int fleet(Migrator migrator, Output out) {
        return run(migrator, out);
    }
}
