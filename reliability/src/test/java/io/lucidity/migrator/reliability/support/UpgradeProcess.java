package io.lucidity.migrator.reliability.support;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.SeedResult;
import io.lucidity.migrator.UpgradeReport;
import java.util.stream.Collectors;

/**
 * An application instance booting: {@code Migrator.configure().environment().load().upgradeToHead()}, all
 * settings from {@code MIGRATOR_*} variables. Prints one {@code UPGRADED} line and exits 0; on a refusal prints
 * the diagnostic and exits with its code; anything else is a bug of the library and exits 99 with the stack trace.
 */
public final class UpgradeProcess {
    /** Exit status for an exception that is not one of the library's diagnostics. */
    public static final int UNEXPECTED = 99;

    private UpgradeProcess() {}

    public static void main(String[] args) {
        try (Migrator migrator = Migrator.configure().environment().load()) {
            UpgradeReport report = migrator.upgradeToHead();
            String seeds = report.seeds().stream()
                    .filter(s -> s.outcome() == SeedResult.Outcome.APPLIED)
                    .map(SeedResult::name)
                    .collect(Collectors.joining(","));
            String migrations = report.migrations().stream()
                    .map(m -> String.valueOf(m.version()))
                    .collect(Collectors.joining(","));
            System.out.println("UPGRADED from=" + report.fromRevision() + " to=" + report.toRevision()
                    + " migrations=[" + migrations + "] seeds=[" + seeds + "] upToDate=" + report.upToDate()
                    + " warnings=" + report.warnings());
            System.out.flush();
            System.exit(0);
        } catch (MigratorException e) {
            System.out.println(e.getMessage());
            System.out.flush();
            System.exit(e.code().exitCode());
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            System.out.flush();
            System.exit(UNEXPECTED);
        }
    }
}
