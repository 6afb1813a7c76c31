package io.lucidity.migrator.cli;

import io.lucidity.migrator.MigratorOption;
import io.lucidity.migrator.MigratorOption.Defaults;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every command takes (DESIGN.md's CLI contract). Connection and migration settings are kept as
 * text and handed to core by their setting names ({@code MigratorConfig.Builder#setting}), so that core
 * validates them once, with the same messages as for {@code MIGRATOR_*} variables and
 * {@code migrator.properties}. Passwords are never taken on the command line.
 *
 * <p>Every option of core's {@link io.lucidity.migrator.MigratorOption} has an option here of the
 * same name, with the same default in its description, except {@code password} and {@code migration-password} (read
 * from a file instead) and {@code application-name} (the CLI's default is {@code migrator-cli}); the
 * {@code placeholders.NAME} and {@code check.NAME.sql} families are {@code --placeholder NAME=VALUE} and
 * {@code --check NAME=SQL}. {@code OptionRegistryTest} holds this list to the table. {@code ConfigCommand} prints the result.
 */
public final class SharedOptions {

    /** These options, as picocli holds them: {@link #settings()} reads each by its name. */
    @Spec
    CommandSpec spec;

    @Option(
            names = "--url",
            paramLabel = "JDBC_URL",
            order = 1,
            description = "JDBC URL of the database, e.g. jdbc:postgresql://db:5432/app. Env: MIGRATOR_URL.")
    String url;

    @Option(names = "--user", paramLabel = "NAME", order = 2, description = "Database user. Env: MIGRATOR_USER.")
    String user;

    @Option(
            names = "--password-file",
            paramLabel = "FILE",
            order = 3,
            description = "File holding the password (first line). Else MIGRATOR_PASSWORD, else PGPASSWORD.")
    String passwordFile;

    @Option(
            names = "--schema",
            paramLabel = "NAME",
            order = 4,
            description = "Schema of the history tables, first on the search path while migrating. Default: "
                    + Defaults.SCHEMA + ".")
    String schema;

    @Option(
            names = "--locations",
            paramLabel = "LOC[,LOC]",
            order = 5,
            description = "Migration locations, filesystem:DIR or classpath:PATH. Default: " + Defaults.LOCATIONS + ".")
    String locations;

    @Option(
            names = {"--seeds", "--seed-locations"},
            paramLabel = "LOC[,LOC]",
            order = 6,
            description = "Seed locations; empty disables seeds. Default: " + Defaults.SEEDS + ".")
    String seeds;

    @Option(
            names = "--extensions",
            paramLabel = "EXT[,EXT]",
            order = 7,
            description = "Extensions to ensure, e.g. vector>=0.5.0; empty ensures none. Default: "
                    + Defaults.EXTENSIONS + ".")
    String extensions;

    @Option(
            names = "--lock-timeout",
            paramLabel = "DURATION",
            order = 8,
            description = "How long to wait for another instance's migration lock (30s, 2m, PT2M). Default: "
                    + Defaults.LOCK_TIMEOUT + ".")
    String lockTimeout;

    @Option(
            names = "--ddl-lock-timeout",
            paramLabel = "DURATION",
            order = 9,
            description = "lock_timeout of each migration statement; 0 waits for ever. Default: "
                    + Defaults.DDL_LOCK_TIMEOUT + ".")
    String ddlLockTimeout;

    @Option(
            names = "--ddl-lock-retries",
            paramLabel = "N",
            order = 9,
            description = "How many times a migration statement that hit --ddl-lock-timeout is tried again, after "
                    + "1 s, 2 s, 4 s ... (at most 30 s); 0 refuses at once. Default: " + Defaults.DDL_LOCK_RETRIES
                    + ".")
    String ddlLockRetries;

    @Option(
            names = "--connect-timeout",
            paramLabel = "DURATION",
            order = 10,
            description = "How long to retry connecting to a server that is starting or unreachable. Default: "
                    + Defaults.CONNECT_TIMEOUT + ".")
    String connectTimeout;

    @Option(
            names = "--lock-log-interval",
            paramLabel = "DURATION",
            order = 11,
            description = "How often the wait for the migration lock is logged, naming the holder. Default: "
                    + Defaults.LOCK_LOG_INTERVAL + ".")
    String lockLogInterval;

    @Option(
            names = "--table",
            paramLabel = "NAME",
            order = 12,
            description = "The history table (Flyway's format). Default: " + Defaults.TABLE + ".")
    String table;

    @Option(
            names = "--migration-url",
            paramLabel = "JDBC_URL",
            order = 13,
            description = "A separate connection for the lock, migrations and seeds. Default: the main connection.")
    String migrationUrl;

    @Option(
            names = "--migration-user",
            paramLabel = "NAME",
            order = 14,
            description = "The user migrations log in as (to --migration-url, else to --url). Default: --user.")
    String migrationUser;

    @Option(
            names = "--migration-password-file",
            paramLabel = "FILE",
            order = 15,
            description =
                    "File holding the migration user's password. Else MIGRATOR_MIGRATION_PASSWORD, else the password.")
    String migrationPasswordFile;

    @Option(
            names = "--tolerate-newer-schema",
            paramLabel = "BOOLEAN",
            order = 16,
            arity = "0..1",
            fallbackValue = "true",
            description = "Accept a database holding migrations this build does not know. Default: "
                    + Defaults.TOLERATE_NEWER_SCHEMA + ".")
    String tolerateNewerSchema;

    @Option(
            names = "--out-of-order",
            paramLabel = "BOOLEAN",
            order = 17,
            arity = "0..1",
            fallbackValue = "true",
            description = "Apply pending migrations older than the newest applied one instead of refusing. Default: "
                    + Defaults.OUT_OF_ORDER + ".")
    String outOfOrder;

    @Option(
            names = "--transaction-mode",
            paramLabel = "MODE",
            order = 18,
            description = "single (all pending transactional migrations in one transaction) or per-migration. Default: "
                    + Defaults.TRANSACTION_MODE + ".")
    String transactionMode;

    @Option(
            names = "--placeholder-replacement",
            paramLabel = "BOOLEAN",
            order = 19,
            arity = "0..1",
            fallbackValue = "true",
            description = "Whether ${name} placeholders in migration scripts are replaced. Default: "
                    + Defaults.PLACEHOLDER_REPLACEMENT + ".")
    String placeholderReplacement;

    @Option(
            names = "--lint",
            paramLabel = "POLICY",
            order = 19,
            description = "Lock hazards in the pending migrations before an upgrade: off, warn (log each) or refuse "
                    + "(MIGRATOR-LINT, exit 6, when an error is not allowed). Default: " + Defaults.LINT + ".")
    String lint;

    @Option(
            names = "--application-name",
            paramLabel = "NAME",
            order = 20,
            description = "application_name of the connections Migrator opens. Default: "
                    + Configuration.APPLICATION_NAME + ".")
    String applicationName;

    @Option(
            names = "--placeholder",
            paramLabel = "NAME=VALUE",
            order = 21,
            description = "A Flyway placeholder ${NAME} in migration scripts (repeatable); key placeholders.NAME.")
    Map<String, String> placeholders;

    @Option(
            names = "--check",
            paramLabel = "NAME=SQL",
            order = 22,
            description = "A drain check for `check`: SQL that must return no rows or a single 0 (repeatable); "
                    + "key check.NAME.sql.")
    Map<String, String> checks;

    @Option(
            names = "--tenant-schemas",
            paramLabel = "PATTERN",
            order = 23,
            description = "Fleet: run the command on every schema LIKE PATTERN (e.g. 'tenant\\_%%'), each a tenant "
                    + "with its own history and lock. Default: none.")
    String tenantSchemas;

    @Option(
            names = "--tenant-databases",
            paramLabel = "PATTERN",
            order = 24,
            description = "Fleet: run the command on every database of the server LIKE PATTERN, each a tenant "
                    + "(history in --schema of each). Default: none.")
    String tenantDatabases;

    @Option(
            names = "--tenants",
            paramLabel = "NAME[,NAME]",
            order = 25,
            description = "Fleet: run the command on these tenant schemas. Default: none.")
    String tenants;

    @Option(
            names = "--tenant-query",
            paramLabel = "SQL",
            order = 26,
            description = "Fleet: run the command on the schemas named by the first column of SQL's rows, e.g. "
                    + "'SELECT name FROM control.tenants'. Default: none.")
    String tenantQuery;

    @Option(
            names = "--parallel",
            paramLabel = "N",
            order = 27,
            description = "Fleet: how many tenants at a time, each on its own connection. Default: " + Defaults.PARALLEL
                    + ".")
    String parallel;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            order = 28,
            defaultValue = "${env:MIGRATOR_CONFIG}",
            description = "A migrator.properties-style file, below the command line and MIGRATOR_* variables, "
                    + "above ./migrator.properties. Env: MIGRATOR_CONFIG.")
    String config;

    @Option(
            names = "--json",
            order = 29,
            defaultValue = "${env:MIGRATOR_JSON:-false}",
            fallbackValue = "true",
            description = "Print one JSON document on standard output (also for a refusal).")
    boolean json;

    @Option(
            names = "--debug",
            order = 30,
            defaultValue = "${env:MIGRATOR_DEBUG:-false}",
            fallbackValue = "true",
            description = "Add stack traces and debug logging to diagnostics.")
    boolean debug;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            order = 31,
            description = "Show this help and exit.")
    boolean help;

    /** Whether {@code --json} was given. */
    public boolean json() {
        return json;
    }

    /** Whether {@code --debug} was given. */
    public boolean debug() {
        return debug;
    }

    /** The tenant sources given on the command line ({@code --tenant-schemas}, ...): at most one may be. */
    public List<String> tenantSources() {
        List<String> given = new ArrayList<>();
        addIf(given, "--tenant-schemas", tenantSchemas);
        addIf(given, "--tenant-databases", tenantDatabases);
        addIf(given, "--tenants", tenants);
        addIf(given, "--tenant-query", tenantQuery);
        return given;
    }

    private static void addIf(List<String> given, String option, String value) {
        if (value != null) {
            given.add(option);
        }
    }

    /** Whether {@code --parallel} was given on the command line. */
    public boolean parallelGiven() {
        return parallel != null;
    }

    /** The {@code --config} file, or null. */
    public String config() {
        return config;
    }

    /**
     * The settings given on the command line, by their core keys, in the order of the options: each option named for
     * an option of core's table ({@link MigratorOption#forKey}, so {@code --seed-locations} is {@code seeds}), then the
     * families {@code --placeholder} ({@code placeholders.NAME}) and {@code --check} ({@code check.NAME.sql}).
     */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            Object value = option.getValue();
            String name = option.longestName();
            if (value == null) {
                continue;
            }
            if (name.equals("--placeholder")) {
                new TreeMap<>(placeholders)
                        .forEach((placeholder, text) -> settings.put("placeholders." + placeholder, text));
            } else if (name.equals("--check")) {
                new TreeMap<>(checks).forEach((check, sql) -> settings.put("check." + check + ".sql", sql));
            } else {
                MigratorOption registered = MigratorOption.forKey(name.substring(2));
                if (registered != null && !registered.isFamily()) {
                    settings.put(registered.key(), (String) value);
                }
            }
        }
        return settings;
    }
}
