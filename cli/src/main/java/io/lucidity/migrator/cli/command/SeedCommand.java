package io.lucidity.migrator.cli.command;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.SeedResult;
import io.lucidity.migrator.cli.MigratorCommand;
import io.lucidity.migrator.cli.Output;
import io.lucidity.migrator.cli.PerTenant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code migrator seed}: {@link Migrator#seed()}. */
@Command(
        name = "seed",
        sortOptions = false,
        header = "Run every seed again.",
        description = {
            "Runs every seed again (not only new or changed ones), each in its own transaction, in name "
                    + "order, under the migration lock; migrations are not touched. One progress line per seed on "
                    + "standard error."
        },
        footerHeading = "%nExample%n",
        footer = {"  ADMIN_EMAIL=ops@example.com migrator seed --seeds filesystem:db/seed"})
public final class SeedCommand extends MigratorCommand {

    /** Every seed run again on each tenant: {@code SEEDED}. */
    @Override
    protected int fleet(Migrator migrator, Output out) {
        return PerTenant.run(migrator, out, List.of("SEEDED"), tenant -> {
            List<SeedResult> seeds = tenant.seed();
            return PerTenant.Result.of(
                    "SEEDED",
                    "SEEDED " + seeds.size() + " seed(s), "
                            + seeds.stream().mapToLong(SeedResult::rowsAffected).sum() + " row(s)",
                    Map.of("seeds", seeds));
        });
    }

    @Override
    protected int run(Migrator migrator, Output out) {
        List<SeedResult> seeds = migrator.seed();
        if (out.json()) {
            out.json(Map.of("seeds", seeds));
        } else {
            out.line("Ran " + seeds.size() + " seed(s): "
                    + seeds.stream().mapToLong(SeedResult::rowsAffected).sum() + " row(s) inserted or updated.");
        }
        return 0;
    }
}
