package io.lucidity.migrator.cli.command;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.RestoreResult;
import io.lucidity.migrator.cli.MigratorCommand;
import io.lucidity.migrator.cli.Output;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code migrator restore FILE}: {@link Migrator#restore(Path)}. */
@Command(
        name = "restore",
        sortOptions = false,
        header = "Restore a backup with pg_restore --clean; print the revision.",
        description = {
            "Restores an archive written by `backup` with the server's own pg_restore --clean --if-exists, "
                    + "in one transaction (all or nothing), under the migration lock, then prints the restored revision. "
                    + "Stops nothing: stop or drain the application first if it must not see the switch."
        },
        footerHeading = "%nExample%n",
        footer = {"  # roll back a failed upgrade:", "  migrator restore /backups/before-upgrade.dump"})
public final class RestoreCommand extends MigratorCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "An archive written by `backup` or `upgrade --backup`.")
    Path file;

    @Override
    protected int run(Migrator migrator, Output out) {
        RestoreResult result = migrator.restore(file);
        if (out.json()) {
            out.json(result);
            return 0;
        }
        out.line("Restored " + result.file() + " into database " + result.database() + " (" + result.entries()
                + " entries, " + result.duration().toMillis() + " ms)");
        out.line("revision: " + result.revision() + " (was " + result.revisionBefore() + ")");
        result.warnings().forEach(w -> out.progress("warning: " + w));
        return 0;
    }
}
