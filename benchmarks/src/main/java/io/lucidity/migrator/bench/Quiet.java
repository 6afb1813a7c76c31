package io.lucidity.migrator.bench;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Every tool logs at warn only, so that no tool pays for printing a line per migration. */
final class Quiet {
    private static final Logger LIQUIBASE = Logger.getLogger("liquibase");

    private Quiet() {}

    static void apply() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.setProperty("liquibase.analytics.enabled", "false");
        System.setProperty("liquibase.showBanner", "false");
        LIQUIBASE.setLevel(Level.WARNING);
    }
}
