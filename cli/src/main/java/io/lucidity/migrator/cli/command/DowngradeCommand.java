package io.lucidity.migrator.cli.command;

import io.lucidity.migrator.DowngradeResult;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.cli.MigratorCommand;
import io.lucidity.migrator.cli.Output;
import io.lucidity.migrator.cli.PerTenant;
import io.lucidity.migrator.cli.Text;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code migrator downgrade REV}: {@link Migrator#downgradeTo(String)}. */
@Command(
        name = "downgrade",
        sortOptions = false,
        header = "Run undo scripts back to REV.",
        description = {
            "Runs the undo scripts (U<version>__*.sql) of every applied migration above REV, newest "
                    + "first, each in its own transaction, under the migration lock. Refuses up front (exit 4), naming "
                    + "every step without an undo script, before changing anything."
        },
        footerHeading = "%nExample%n",
        footer = {"  migrator downgrade 5 --locations filesystem:db/migration"})
public final class DowngradeCommand extends MigratorCommand {

    @Parameters(index = "0", paramLabel = "REV", description = "The revision to go back to: a version or base.")
    String revision;

    /** Each tenant back to REV: {@code DOWNGRADED from -> to}. */
    @Override
    protected int fleet(Migrator migrator, Output out) {
        return PerTenant.run(migrator, out, List.of("DOWNGRADED"), tenant -> {
            DowngradeResult result = tenant.downgradeTo(revision);
            return PerTenant.Result.of(
                    "DOWNGRADED",
                    "DOWNGRADED " + result.fromRevision() + " -> " + result.toRevision() + " ("
                            + result.undone().size() + " undone)",
                    result);
        });
    }

    @Override
    protected int run(Migrator migrator, Output out) {
        DowngradeResult result = migrator.downgradeTo(revision);
        if (out.json()) {
            out.json(result);
            return 0;
        }
        out.line("Downgraded " + result.fromRevision() + " -> " + result.toRevision());
        result.undone()
                .forEach(u -> out.line(
                        "  undone " + Text.label(u) + ": " + u.duration().toMillis() + " ms"));
        return 0;
    }
}
