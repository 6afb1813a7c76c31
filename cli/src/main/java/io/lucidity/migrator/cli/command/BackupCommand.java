package io.lucidity.migrator.cli.command;

import io.lucidity.migrator.BackupResult;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.cli.MigratorCommand;
import io.lucidity.migrator.cli.Output;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code migrator backup FILE}: {@link Migrator#backup(Path)}. */
@Command(
        name = "backup",
        sortOptions = false,
        header = "Back up the database with pg_dump -Fc, recording its revision.",
        description = {
            "Backs up the whole database with the server's own pg_dump -Fc (of the server's major "
                    + "version, from MIGRATOR_PG_BIN, /usr/lib/postgresql/<major>/bin, ... or PATH), under the migration "
                    + "lock; verifies the archive non-empty and readable by pg_restore --list, and records the revision "
                    + "it holds beside it in FILE.json."
        },
        footerHeading = "%nExample%n",
        footer = {"  migrator backup /backups/app-$(date +%%Y%%m%%d).dump"})
public final class BackupCommand extends MigratorCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "Where to write the archive.")
    Path file;

    @Override
    protected int run(Migrator migrator, Output out) {
        BackupResult result = migrator.backup(file);
        if (out.json()) {
            out.json(result);
        } else {
            out.line("Backed up database " + result.database() + " at revision " + result.revision() + " to "
                    + result.file() + " (" + result.bytes() + " bytes, " + result.entries() + " entries, pg_dump "
                    + result.pgDumpVersion() + ", " + result.duration().toMillis() + " ms)");
            out.line("Revision recorded in " + result.metadataFile());
        }
        return 0;
    }
}
