package io.lucidity.migrator.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every command takes (DESIGN.md's CLI contract). Connection and migration settings are kept as
 * text and handed to core by their setting names ({@code MigratorConfig.Builder#setting}), so that core
 * validates them once, with the same messages as for {@code MIGRATOR_*} variables and
 * {@code migrator.properties}. Passwords are never taken on the command line.
 */
public final class SharedOptions {

    @Option(names = "--url", paramLabel = "JDBC_URL", order = 1,
            description = "JDBC URL of the database, e.g. jdbc:postgresql://db:5432/app. Env: MIGRATOR_URL.")
    String url;

    @Option(names = "--user", paramLabel = "NAME", order = 2, description = "Database user. Env: MIGRATOR_USER.")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", order = 3,
            description = "File holding the password (first line). Else MIGRATOR_PASSWORD, else PGPASSWORD.")
    String passwordFile;

    @Option(names = "--schema", paramLabel = "NAME", order = 4,
            description = "Schema of the history tables, first on the search path while migrating. Default: public.")
    String schema;

    @Option(names = "--locations", paramLabel = "LOC[,LOC]", order = 5,
            description = "Migration locations, filesystem:DIR or classpath:PATH. Default: classpath:db/migration.")
    String locations;

    @Option(names = "--seeds", paramLabel = "LOC[,LOC]", order = 6,
            description = "Seed locations; empty disables seeds. Default: classpath:db/seed.")
    String seeds;

    @Option(names = "--extensions", paramLabel = "EXT[,EXT]", order = 7,
            description = "Extensions to ensure, e.g. vector>=0.5.0; empty ensures none. Default: vector.")
    String extensions;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", order = 8,
            description = "How long to wait for another instance's migration lock (30s, 2m, PT2M). Default: 2m.")
    String lockTimeout;

    @Option(names = "--ddl-lock-timeout", paramLabel = "DURATION", order = 9,
            description = "lock_timeout of each migration statement; 0 waits for ever. Default: 10s.")
    String ddlLockTimeout;

    @Option(names = "--config", paramLabel = "FILE", order = 10, defaultValue = "${env:MIGRATOR_CONFIG}",
            description = "A migrator.properties-style file, below the command line and MIGRATOR_* variables, "
                    + "above ./migrator.properties. Env: MIGRATOR_CONFIG.")
    String config;

    @Option(names = "--json", order = 11, defaultValue = "${env:MIGRATOR_JSON:-false}", fallbackValue = "true",
            description = "Print one JSON document on standard output (also for a refusal).")
    boolean json;

    @Option(names = "--debug", order = 12, defaultValue = "${env:MIGRATOR_DEBUG:-false}", fallbackValue = "true",
            description = "Add stack traces and debug logging to diagnostics.")
    boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, order = 13, description = "Show this help and exit.")
    boolean help;

    /** Whether {@code --json} was given. */
    public boolean json() {
        return json;
    }

    /** Whether {@code --debug} was given. */
    public boolean debug() {
        return debug;
    }

    /** The {@code --config} file, or null. */
    public String config() {
        return config;
    }

    /** The settings given on the command line, by their core setting names, in a stable order. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        put(settings, "url", url);
        put(settings, "user", user);
        put(settings, "password-file", passwordFile);
        put(settings, "schema", schema);
        put(settings, "locations", locations);
        put(settings, "seeds", seeds);
        put(settings, "extensions", extensions);
        put(settings, "lock-timeout", lockTimeout);
        put(settings, "ddl-lock-timeout", ddlLockTimeout);
        return settings;
    }

    private static void put(Map<String, String> settings, String key, String value) {
        if (value != null) {
            settings.put(key, value);
        }
    }
}
