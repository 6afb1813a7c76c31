package io.lucidity.migrator.support;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.UpgradeReport;

/** A separate process booting like an application: args url, user, locations, seeds; password from MIGRATOR_PASSWORD. */
public final class UpgradeMain {
    private UpgradeMain() {}

    public static void main(String[] args) {
        try (Migrator migrator = Migrator.configure()
                .environment()
                .url(args[0])
                .user(args[1])
                .locations(args[2])
                .seedLocations(args[3])
                .load()) {
            UpgradeReport report = migrator.upgradeToHead();
            System.out.println("REPORT " + report.summary() + " revision " + report.toRevision());
        } catch (MigratorException e) {
            System.out.println(e.getMessage());
            System.exit(e.code().exitCode());
        }
    }
}
