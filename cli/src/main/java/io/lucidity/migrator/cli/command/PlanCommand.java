package io.lucidity.migrator.cli.command;

import io.lucidity.migrator.MigrationPlan;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.cli.MigratorCommand;
import io.lucidity.migrator.cli.Output;
import picocli.CommandLine.Command;

/** {@code migrator plan}: {@link Migrator#plan()}. */
@Command(
        name = "plan",
        sortOptions = false,
        header = "Print the SQL an upgrade would run; change nothing.",
        description = {
            "Prints the SQL that `upgrade` would run, in order, with BEGIN/COMMIT around each "
                    + "transaction and the steps that run outside any transaction marked. Changes nothing."
        },
        footerHeading = "%nExample%n",
        footer = {"  migrator plan --locations filesystem:db/migration > upgrade.sql"})
public final class PlanCommand extends MigratorCommand {

    @Override
    protected int run(Migrator migrator, Output out) {
        MigrationPlan plan = migrator.plan();
        if (out.json()) {
            out.json(plan);
        } else {
            out.line(plan.toSql().stripTrailing());
        }
        return 0;
    }
}
