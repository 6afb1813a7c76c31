package io.lucidity.migrator.cli.command;

import io.lucidity.migrator.BackupResult;
import io.lucidity.migrator.FleetReport;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.UpgradeReport;
import io.lucidity.migrator.cli.MigratorCommand;
import io.lucidity.migrator.cli.Output;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code migrator upgrade [--target REV] [--backup FILE]}: {@link Migrator#upgradeTo(String)}; with a tenant source
 * ({@code --tenant-schemas PATTERN | --tenant-databases PATTERN | --tenants NAME[,NAME] | --tenant-query SQL
 * [--parallel N]}), every tenant to head: {@link Migrator#upgradeFleet()}.
 */
@Command(
        name = "upgrade",
        sortOptions = false,
        header = "Apply pending migrations and seeds (optionally back up first).",
        description = {
            "Ensures the extensions, applies the pending migrations and runs the new or changed seeds, "
                    + "under the migration lock. One progress line per migration and seed on standard error; the "
                    + "report on standard output.",
            "With a tenant option, upgrades every tenant (schema or database) to head, each with its own history and lock: one "
                    + "line per tenant and a summary; exit 0 when every tenant is at head, else the highest exit code "
                    + "of the tenants' refusals."
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

    /** Every tenant to head; exit 0 when all are, else the highest exit code of the tenants' refusals. */
    @Override
    protected int fleet(Migrator migrator, Output out) {
        if (backup != null || !"head".equalsIgnoreCase(target.trim())) {
            return out.usage(
                    "--backup and --target are not available with a tenant option yet",
                    "Upgrade the fleet to head without them; see docs/fleets.md.");
        }
        FleetReport report = migrator.upgradeFleet();
        report.tenants().stream()
                .filter(t -> t.error() != null)
                .forEach(t -> out.progress(t.tenant() + ": " + t.error().getMessage()));
        if (out.json()) {
            out.json(json(report));
        } else {
            report.tenants().forEach(t -> out.line(t.summary()));
            out.line(report.summaryLine());
        }
        return report.exitCode();
    }

    /** {@code {"tenants": [...], "summary": {...}, "elapsed": ms}}. */
    static Map<String, Object> json(FleetReport report) {
        List<Map<String, Object>> tenants = new ArrayList<>();
        for (FleetReport.TenantResult t : report.tenants()) {
            Map<String, Object> tenant = new LinkedHashMap<>();
            tenant.put("tenant", t.tenant());
            tenant.put("outcome", t.outcome().name());
            tenant.put("fromRevision", t.fromRevision());
            tenant.put("toRevision", t.toRevision());
            tenant.put("migrations", t.migrations());
            tenant.put("seeds", t.seeds());
            tenant.put("lockWait", t.lockWait());
            tenant.put("time", t.time());
            MigratorException e = t.error();
            tenant.put("error", e == null ? null : Output.tenantError(e));
            tenants.add(tenant);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("tenants", tenants);
        document.put("summary", report.summary());
        document.put("elapsed", report.elapsed());
        return document;
    }
}
