package io.lucidity.migrator;

import io.lucidity.migrator.internal.config.Settings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Every option Migrator reads as text, once: its key (of {@code migrator.properties}, the CLI's {@code --key} and
 * {@link MigratorConfig.Builder#setting}), its {@code MIGRATOR_*} environment variable, how its value is read, its
 * default and one sentence of documentation. The builder starts from these defaults, {@code MIGRATOR_*} variables and
 * {@code migrator.properties} are read through this table, and the CLI, the Spring starter and the Quarkus extension
 * are checked against it by their tests. The defaults are also {@link Defaults constants}, for annotations.
 *
 * <p>Two entries are families: {@link #PLACEHOLDERS} ({@code placeholders.<name>}) and {@link #CHECKS}
 * ({@code check.<name>.sql}).
 */
public enum MigratorOption {
    /** {@code url}. */
    URL(
            "url",
            null,
            "JDBC URL of the database, e.g. jdbc:postgresql://db:5432/app. Default: none.",
            (b, k, v) -> b.url(v)),
    /** {@code user}. */
    USER(
            "user",
            null,
            "Database user for url. Default: none (the URL's or the driver's default).",
            (b, k, v) -> b.user(v)),
    /** {@code password} (a secret, never logged). */
    PASSWORD(
            "password",
            null,
            "Password for url; never logged. Default: none (PGPASSWORD in the CLI and the environment).",
            (b, k, v) -> b.password(Settings.secret(v))),
    /** {@code password-file}: the password, read from a file. */
    PASSWORD_FILE(
            "password-file",
            null,
            "File holding the password for url (first line). Default: none.",
            (b, k, v) -> b.password(Settings.secret(Settings.readSecretFile(k, v)))),
    /** {@code migration-url}. */
    MIGRATION_URL(
            "migration-url",
            null,
            "A separate JDBC URL for the migration lock, migrations and seeds, direct to the "
                    + "server behind a transaction-pooling PgBouncer. Default: none (the main connection).",
            (b, k, v) -> b.migrationUrl(v)),
    /** {@code migration-user}. */
    MIGRATION_USER(
            "migration-user",
            null,
            "The user migrations log in as (to migration-url, else to url). Default: user.",
            (b, k, v) -> b.migrationUser(v)),
    /** {@code migration-password} (a secret, never logged). */
    MIGRATION_PASSWORD(
            "migration-password",
            null,
            "Password of migration-user; never logged. Default: password.",
            (b, k, v) -> b.migrationPassword(Settings.secret(v))),
    /** {@code migration-password-file}: the migration password, read from a file. */
    MIGRATION_PASSWORD_FILE(
            "migration-password-file",
            null,
            "File holding the password of migration-user (first line). Default: none.",
            (b, k, v) -> b.migrationPassword(Settings.secret(Settings.readSecretFile(k, v)))),
    /** {@code schema}. */
    SCHEMA(
            "schema",
            Defaults.SCHEMA,
            "Schema of the history tables, created if missing, first on the search path while " + "migrating. Default: "
                    + Defaults.SCHEMA + ".",
            (b, k, v) -> b.schema(v)),
    /** {@code table}. */
    TABLE(
            "table",
            Defaults.TABLE,
            "Name of the schema history table, in Flyway's format. Default: " + Defaults.TABLE + ".",
            (b, k, v) -> b.table(v)),
    /** {@code locations}. */
    LOCATIONS(
            "locations",
            Defaults.LOCATIONS,
            "Migration locations, classpath: or filesystem:, comma-separated. Default: " + Defaults.LOCATIONS + ".",
            (b, k, v) -> b.locations(Settings.list(v))),
    /** {@code seeds}, also {@code seed-locations}. */
    SEEDS(
            "seeds",
            Defaults.SEEDS,
            "Seed locations, classpath: or filesystem:, comma-separated; empty or none disables " + "seeds. Default: "
                    + Defaults.SEEDS + ".",
            (b, k, v) -> b.seedLocations(Settings.list(v)),
            "seed-locations"),
    /** {@code extensions}. */
    EXTENSIONS(
            "extensions",
            Defaults.EXTENSIONS,
            "Extensions to ensure before migrating, e.g. vector>=0.5.0; empty or none " + "disables the step. Default: "
                    + Defaults.EXTENSIONS + ".",
            (b, k, v) -> b.extensions(Settings.list(v))),
    /** {@code lock-timeout}. */
    LOCK_TIMEOUT(
            "lock-timeout",
            Defaults.LOCK_TIMEOUT,
            "How long to wait for another instance's migration lock before " + "refusing. Default: "
                    + Defaults.LOCK_TIMEOUT + ".",
            (b, k, v) -> b.lockTimeout(Settings.duration(k, v))),
    /** {@code ddl-lock-timeout}. */
    DDL_LOCK_TIMEOUT(
            "ddl-lock-timeout",
            Defaults.DDL_LOCK_TIMEOUT,
            "lock_timeout of each migration statement; 0 waits for " + "ever. Default: " + Defaults.DDL_LOCK_TIMEOUT
                    + ".",
            (b, k, v) -> b.ddlLockTimeout(Settings.duration(k, v))),
    /** {@code ddl-lock-retries}: how often a migration statement that hit ddl-lock-timeout is tried again. */
    DDL_LOCK_RETRIES(
            "ddl-lock-retries",
            Defaults.DDL_LOCK_RETRIES,
            "How many times a migration statement that hit ddl-lock-timeout is tried again, after a pause "
                    + "(1 s, 2 s, 4 s ... up to 30 s); 0 refuses at once. Default: " + Defaults.DDL_LOCK_RETRIES
                    + ".",
            (b, k, v) -> b.ddlLockRetries(Settings.nonNegativeInt(k, v))),
    /** {@code connect-timeout}. */
    CONNECT_TIMEOUT(
            "connect-timeout",
            Defaults.CONNECT_TIMEOUT,
            "How long to retry connecting while the server is " + "starting or unreachable. Default: "
                    + Defaults.CONNECT_TIMEOUT + ".",
            (b, k, v) -> b.connectTimeout(Settings.duration(k, v))),
    /** {@code lock-log-interval}. */
    LOCK_LOG_INTERVAL(
            "lock-log-interval",
            Defaults.LOCK_LOG_INTERVAL,
            "How often the wait for the migration lock is " + "logged, naming the holder. Default: "
                    + Defaults.LOCK_LOG_INTERVAL + ".",
            (b, k, v) -> b.lockLogInterval(Settings.duration(k, v))),
    /** {@code tolerate-newer-schema}. */
    TOLERATE_NEWER_SCHEMA(
            "tolerate-newer-schema",
            Defaults.TOLERATE_NEWER_SCHEMA,
            "Accept a database holding migrations " + "this build does not know, for rolling upgrades. Default: "
                    + Defaults.TOLERATE_NEWER_SCHEMA + ".",
            (b, k, v) -> b.tolerateNewerSchema(Settings.bool(k, v))),
    /** {@code out-of-order}. */
    OUT_OF_ORDER(
            "out-of-order",
            Defaults.OUT_OF_ORDER,
            "Apply pending migrations older than the newest applied one " + "instead of refusing. Default: "
                    + Defaults.OUT_OF_ORDER + ".",
            (b, k, v) -> b.outOfOrder(Settings.bool(k, v))),
    /** {@code transaction-mode}. */
    TRANSACTION_MODE(
            "transaction-mode",
            Defaults.TRANSACTION_MODE,
            "How pending transactional migrations are grouped: "
                    + "single (one transaction) or per-migration. Default: " + Defaults.TRANSACTION_MODE + ".",
            (b, k, v) -> b.transactionMode(Settings.transactionMode(k, v))),
    /** {@code placeholder-replacement}. */
    PLACEHOLDER_REPLACEMENT(
            "placeholder-replacement",
            Defaults.PLACEHOLDER_REPLACEMENT,
            "Whether ${name} placeholders " + "in migration scripts are replaced. Default: "
                    + Defaults.PLACEHOLDER_REPLACEMENT + ".",
            (b, k, v) -> b.placeholderReplacement(Settings.bool(k, v))),
    /** {@code application-name}. */
    APPLICATION_NAME(
            "application-name",
            Defaults.APPLICATION_NAME,
            "application_name of Migrator's sessions, also on a "
                    + "connection of the application's DataSource while Migrator uses it. Default: "
                    + Defaults.APPLICATION_NAME
                    + ".",
            (b, k, v) -> b.applicationName(v)),
    /** {@code tenant-schemas}: the fleet's tenants, a LIKE pattern over schema names. */
    TENANT_SCHEMAS(
            "tenant-schemas",
            null,
            "Fleet: every schema whose name is LIKE this pattern is a tenant, e.g. tenant\\_%. Default: none.",
            (b, k, v) -> b.tenantSchemas(v)),
    /** {@code tenant-databases}: the fleet's tenants, a LIKE pattern over database names. */
    TENANT_DATABASES(
            "tenant-databases",
            null,
            "Fleet: every database of the server whose name is LIKE this pattern is a tenant. Default: none.",
            (b, k, v) -> b.tenantDatabases(v)),
    /** {@code tenants}: the fleet's tenant schemas, by name. */
    TENANTS(
            "tenants",
            null,
            "Fleet: the tenant schemas, comma-separated. Default: none.",
            (b, k, v) -> b.tenants(Settings.list(v))),
    /** {@code tenant-query}: the fleet's tenants, named by a query. */
    TENANT_QUERY(
            "tenant-query",
            null,
            "Fleet: SQL whose rows' first column names the tenant schemas. Default: none.",
            (b, k, v) -> b.tenantQuery(v)),
    /** {@code parallel}: how many tenants at a time. */
    PARALLEL(
            "parallel",
            Defaults.PARALLEL,
            "Fleet: how many tenants are upgraded at a time, each on its own connection. Default: " + Defaults.PARALLEL
                    + ".",
            (b, k, v) -> b.parallelism(Settings.positiveInt(k, v))),
    /** {@code lint}: what an upgrade does with lock hazards in the pending migrations. */
    LINT(
            "lint",
            Defaults.LINT,
            "Lock hazards in the pending migrations before an upgrade: off, warn (log each) or refuse (MIGRATOR-LINT"
                    + " when an error is not allowed). Default: " + Defaults.LINT + ".",
            (b, k, v) -> b.lint(Settings.lintPolicy(k, v))),
    /** The family {@code placeholders.<name>}: a Flyway placeholder. */
    PLACEHOLDERS(
            "placeholders.<name>",
            null,
            "A Flyway placeholder, replacing ${name} in migration scripts. Default: none.",
            (b, k, v) -> b.placeholder(k.substring("placeholders.".length()), v)),
    /** The family {@code check.<name>.sql}: a pre-upgrade drain check given as SQL. */
    CHECKS(
            "check.<name>.sql",
            null,
            "A pre-upgrade check for migrator check: SQL that returns no rows or a single 0 when "
                    + "it passes. Default: none.",
            (b, k, v) -> Settings.applyCheck(b, k, v));

    private final String key;
    private final String defaultValue;
    private final String documentation;
    private final Parser parser;
    private final List<String> aliases;

    MigratorOption(String key, String defaultValue, String documentation, Parser parser, String... aliases) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.documentation = documentation;
        this.parser = parser;
        this.aliases = List.of(aliases);
    }

    /**
     * The defaults, as text read by the option's parser (and shown by {@code migrator config}); compile-time
     * constants, so that an annotation ({@code @WithDefault}, a picocli description) can name them.
     */
    public static final class Defaults {
        /** {@code schema}. */
        public static final String SCHEMA = "public";
        /** {@code table}. */
        public static final String TABLE = "flyway_schema_history";
        /** {@code locations}. */
        public static final String LOCATIONS = "classpath:db/migration";
        /** {@code seeds}. */
        public static final String SEEDS = "classpath:db/seed";
        /** {@code extensions}. */
        public static final String EXTENSIONS = "vector";
        /** {@code lock-timeout}. */
        public static final String LOCK_TIMEOUT = "2m";
        /** {@code ddl-lock-timeout}. */
        public static final String DDL_LOCK_TIMEOUT = "10s";
        /** {@code ddl-lock-retries}. */
        public static final String DDL_LOCK_RETRIES = "0";
        /** {@code connect-timeout}. */
        public static final String CONNECT_TIMEOUT = "30s";
        /** {@code lock-log-interval}. */
        public static final String LOCK_LOG_INTERVAL = "5s";
        /** {@code tolerate-newer-schema}. */
        public static final String TOLERATE_NEWER_SCHEMA = "false";
        /** {@code out-of-order}. */
        public static final String OUT_OF_ORDER = "false";
        /** {@code transaction-mode}. */
        public static final String TRANSACTION_MODE = "single";
        /** {@code placeholder-replacement}. */
        public static final String PLACEHOLDER_REPLACEMENT = "true";
        /** {@code application-name}. */
        public static final String APPLICATION_NAME = "migrator";
        /** {@code parallel}. */
        public static final String PARALLEL = "1";
        /** {@code lint}. */
        public static final String LINT = "warn";

        private Defaults() {}
    }

    /** The key, e.g. {@code lock-timeout}; for a family its pattern, {@code placeholders.<name>} or {@code check.<name>.sql}. */
    public String key() {
        return key;
    }

    /** Other keys read as this option, e.g. {@code seed-locations} for {@code seeds}. */
    public List<String> aliases() {
        return aliases;
    }

    /**
     * The environment variable: {@code MIGRATOR_LOCK_TIMEOUT}; for the families {@code MIGRATOR_PLACEHOLDERS_<NAME>}
     * (the name in lower case) and {@code MIGRATOR_CHECK_<NAME>_SQL} (the name in lower case with {@code -} for
     * {@code _}).
     */
    public String environmentName() {
        return switch (this) {
            case PLACEHOLDERS -> "MIGRATOR_PLACEHOLDERS_<NAME>";
            case CHECKS -> "MIGRATOR_CHECK_<NAME>_SQL";
            default -> environmentName(key);
        };
    }

    /** The environment variable of a key: {@code lock-timeout} is {@code MIGRATOR_LOCK_TIMEOUT}. */
    public static String environmentName(String key) {
        return "MIGRATOR_" + key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    /** The default as text ({@code 2m}, {@code false}, {@code classpath:db/seed}), or null when there is none. */
    public String defaultValue() {
        return defaultValue;
    }

    /** One sentence, ending with the default ({@code Default: 2m.}). */
    public String documentation() {
        return documentation;
    }

    /** Whether this is a family of keys ({@code placeholders.<name>}, {@code check.<name>.sql}). */
    public boolean isFamily() {
        return this == PLACEHOLDERS || this == CHECKS;
    }

    /** Whether the value is a secret (a password), masked wherever it is shown. */
    public boolean isSecret() {
        return this == PASSWORD || this == MIGRATION_PASSWORD;
    }

    /**
     * The option a key names (case aside), or null.
     *
     * @param key a key as in {@code migrator.properties}, e.g. {@code lock-timeout}, {@code seed-locations} or
     *            {@code placeholders.tenant}
     */
    public static MigratorOption forKey(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        if (k.startsWith("placeholders.")) {
            return PLACEHOLDERS;
        }
        if (k.startsWith("check.")) {
            return CHECKS;
        }
        for (MigratorOption option : values()) {
            if (option.key.equals(k) || option.aliases.contains(k)) {
                return option;
            }
        }
        return null;
    }

    /** Every key but the families' (with the aliases, each after its option), in the order of this table. */
    public static List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (MigratorOption option : values()) {
            if (!option.isFamily()) {
                keys.add(option.key);
                keys.addAll(option.aliases);
            }
        }
        return Collections.unmodifiableList(keys);
    }

    /** Sets one option on a builder by key (see {@link MigratorConfig.Builder#setting}). */
    static void apply(MigratorConfig.Builder builder, String key, String value) {
        MigratorOption option = forKey(key);
        if (option == null) {
            throw Settings.unknownOption(key);
        }
        String k = option.isFamily() ? key.trim() : key.trim().toLowerCase(Locale.ROOT);
        String v = option.isSecret() || option == PLACEHOLDERS || value == null ? value : value.trim();
        option.parser.apply(builder, k, v);
    }

    /** Applies every default to a new builder. */
    static void applyDefaults(MigratorConfig.Builder builder) {
        for (MigratorOption option : values()) {
            if (option.defaultValue != null) {
                option.parser.apply(builder, option.key, option.defaultValue);
            }
        }
    }

    @FunctionalInterface
    private interface Parser {
        void apply(MigratorConfig.Builder builder, String key, String value);
    }
}
