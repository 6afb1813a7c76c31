package io.lucidity.migrator.cli;

/**
 * Configures SLF4J's simple logger (the jar's only binding) before the first logger exists: warnings on
 * standard error, plus core's lock-wait and connect-retry lines ({@code INFO [migrator] Waiting 5 s for the
 * migration lock ... held by pid 4242 ...}); with {@code --debug}, Migrator's debug lines too. The command's
 * own progress lines come from its listener, not from the log.
 */
final class Logging {
    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private Logging() {}

    static void configure(boolean debug) {
        setDefault("logFile", "System.err");
        setDefault("defaultLogLevel", "warn");
        setDefault("showThreadName", "false");
        setDefault("showLogName", "false");
        setDefault("log.io.lucidity.migrator.internal.lock", debug ? "debug" : "info");
        setDefault("log.io.lucidity.migrator.internal.jdbc", debug ? "debug" : "info");
        if (debug) {
            setDefault("log.io.lucidity.migrator", "debug");
        }
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
