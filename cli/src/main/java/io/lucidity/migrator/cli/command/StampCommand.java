package io.lucidity.migrator.cli.command;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.StampResult;
import io.lucidity.migrator.cli.MigratorCommand;
import io.lucidity.migrator.cli.Output;
import io.lucidity.migrator.cli.PerTenant;
import io.lucidity.migrator.cli.Text;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code migrator stamp REV [--purge]}: {@link Migrator#stamp(String, boolean)}. */
@Command(
        name = "stamp",
        sortOptions = false,
        header = "Record the database as being at REV without running migrations.",
        description = {
            "Records the database as being at REV without running migrations: marks the migrations up "
                    + "to REV applied (with their checksums), removes failed rows and rows above REV, closes unfinished "
                    + "steps. Takes the migration lock. Prints what changed, before -> after."
        },
        footerHeading = "%nExample%n",
        footer = {
            "  # V5's column was added by hand: record V5 as applied without running it",
            "  migrator stamp 5 --locations filesystem:db/migration"
        })
public final class StampCommand extends MigratorCommand {

    @Parameters(index = "0", paramLabel = "REV", description = "A version of this build, head or base.")
    String revision;

    @Option(names = "--purge", order = 0, description = "Empty the history first (like Alembic's stamp --purge).")
    boolean purge;

    /** Each tenant stamped at REV: {@code STAMPED before -> after}. */
    @Override
    protected int fleet(Migrator migrator, Output out) {
        return PerTenant.run(migrator, out, List.of("STAMPED"), tenant -> {
            StampResult result = tenant.stamp(revision, purge);
            return PerTenant.Result.of(
                    "STAMPED",
                    "STAMPED " + result.before() + " -> " + result.after() + " (recorded as applied: "
                            + Text.list(result.recorded()) + "; removed: " + Text.list(result.removed()) + ")",
                    result);
        });
    }

    @Override
    protected int run(Migrator migrator, Output out) {
        StampResult result = migrator.stamp(revision, purge);
        if (out.json()) {
            out.json(result);
            return 0;
        }
        out.line("Stamped " + result.before() + " -> " + result.after() + (purge ? " (history purged first)" : ""));
        out.line("  recorded as applied: " + Text.list(result.recorded()));
        out.line("  removed:             " + Text.list(result.removed()));
        out.line("  checksums realigned: " + Text.list(result.realigned()));
        out.line("  failed rows removed: " + result.failedRowsRemoved());
        out.line("  unfinished closed:   " + result.unfinishedClosed());
        return 0;
    }
}
