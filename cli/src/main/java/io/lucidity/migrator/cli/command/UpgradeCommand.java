package io.lucidity.migrator.cli.command;

import io.lucidity.migrator.BackupResult;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.UpgradeReport;
import io.lucidity.migrator.cli.MigratorCommand;
import io.lucidity.migrator.cli.Output;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code migrator upgrade [--target REV] [--backup FILE]}: {@link Migrator#upgradeTo(String)}. */
@Command(
        name = "upgrade",
        sortOptions = false,
        header = "Apply pending migrations and seeds (optionally back up first).",
        description = {
            "Ensures the extensions, applies the pending migrations and runs the new or changed seeds, "
                    + "under the migration lock. One progress line per migration and seed on standard error; the "
                    + "report on standard output."
        },
        footerHeading = "%nExample%n",
        footer = {
            "  migrator upgrade --url jdbc:postgresql://db:5432/app --user app \\",
            "      --locations filesystem:db/migration --seeds filesystem:db/seed \\",
            "      --backup /backups/before-upgrade.dump"
        })
public final class UpgradeCommand extends MigratorCommand {

    @Option(
            names = "--target",
            paramLabel = "REV",
            order = 0,
            description = "Stop at this revision: a version, head or base. Seeds run only at head. Default: head.")
    String target = "head";

    @Option(
            names = "--backup",
            paramLabel = "FILE",
            order = 0,
            description = "First back up the database to FILE (the server's pg_dump -Fc, see `backup`), then upgrade.")
    Path backup;

    @Override
    protected int run(Migrator migrator, Output out) {
        if (backup != null) {
            BackupResult result = migrator.backup(backup);
            out.progress(
                    "backup " + result.file() + ": revision " + result.revision() + ", " + result.bytes() + " bytes");
        }
        UpgradeReport report = migrator.upgradeTo(target);
        if (out.json()) {
            out.json(report);
        } else {
            out.line(report.summary());
        }
        return 0;
    }
}
