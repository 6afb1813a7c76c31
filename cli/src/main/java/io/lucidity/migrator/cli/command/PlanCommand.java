package io.lucidity.migrator.cli.command;

import io.lucidity.migrator.MigrationPlan;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.cli.MigratorCommand;
import io.lucidity.migrator.cli.Output;
import io.lucidity.migrator.cli.PerTenant;
import java.util.List;
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

    /** Each tenant's plan: {@code AT_HEAD}, or {@code PENDING} with its SQL under the line. */
    @Override
    protected int fleet(Migrator migrator, Output out) {
        return PerTenant.run(migrator, out, List.of("AT_HEAD", "PENDING"), tenant -> {
            MigrationPlan plan = tenant.plan();
            if (plan.steps().isEmpty()) {
                return PerTenant.Result.of("AT_HEAD", "AT_HEAD at revision " + plan.fromRevision(), plan);
            }
            return new PerTenant.Result(
                    "PENDING",
                    0,
                    "PENDING from " + plan.fromRevision() + " to " + plan.toRevision() + ", "
                            + plan.steps().size() + " step(s):",
                    plan,
                    plan.toSql());
        });
    }

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
