package io.lucidity.migrator;

import io.lucidity.migrator.internal.Fleet;
import io.lucidity.migrator.internal.TenantUrl;
import io.lucidity.migrator.internal.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Immutable, validated configuration of a {@link Migrator}. Build it with {@link Migrator#configure()};
 * every option's default is named on its builder method (and in {@link MigratorOption}). {@link #toString()}
 * masks passwords. A final class rather than a record, so that an option can be added without breaking callers.
 */
public final class MigratorConfig {
    private final DataSource dataSource;
    private final String url;
    private final String user;
    private final String password;
    private final String migrationUrl;
    private final String migrationUser;
    private final String migrationPassword;
    private final String schema;
    private final String table;
    private final List<String> locations;
    private final List<String> seedLocations;
    private final List<ExtensionRequirement> extensions;
    private final Duration lockTimeout;
    private final Duration ddlLockTimeout;
    private final int ddlLockRetries;
    private final Duration connectTimeout;
    private final Duration lockLogInterval;
    private final boolean tolerateNewerSchema;
    private final boolean outOfOrder;
    private final TransactionMode transactionMode;
    private final Map<String, String> placeholders;
    private final boolean placeholderReplacement;
    private final Map<String, String> seedVariables;
    private final List<PreUpgradeCheck> checks;
    private final String applicationName;
    private final ClassLoader classLoader;
    private final MigratorListener listener;
    private final Integration integration;
    private final String tenantSchemas;
    private final String tenantDatabases;
    private final List<String> tenants;
    private final String tenantQuery;
    private final int parallelism;
    private final String tenant;
    private final LintPolicy lint;

    private MigratorConfig(Builder b) {
        this.dataSource = b.dataSource;
        this.url = b.url;
        this.user = b.user;
        this.password = b.password;
        this.migrationUrl = b.migrationUrl;
        this.migrationUser = b.migrationUser;
        this.migrationPassword = b.migrationPassword;
        this.schema = b.schema;
        this.table = b.table;
        this.locations = List.copyOf(b.locations);
        this.seedLocations = List.copyOf(b.seedLocations);
        this.extensions = List.copyOf(b.extensions);
        this.lockTimeout = b.lockTimeout;
        this.ddlLockTimeout = b.ddlLockTimeout;
        this.ddlLockRetries = b.ddlLockRetries;
        this.connectTimeout = b.connectTimeout;
        this.lockLogInterval = b.lockLogInterval;
        this.tolerateNewerSchema = b.tolerateNewerSchema;
        this.outOfOrder = b.outOfOrder;
        this.transactionMode = b.transactionMode;
        this.placeholders = Map.copyOf(b.placeholders);
        this.placeholderReplacement = b.placeholderReplacement;
        this.seedVariables = Map.copyOf(b.seedVariables);
        this.checks = List.copyOf(b.checks);
        this.applicationName = b.applicationName;
        this.classLoader = b.classLoader != null ? b.classLoader : Builder.defaultClassLoader();
        this.listener = b.listener;
        this.integration = b.integration;
        this.tenantSchemas = b.tenantSchemas;
        this.tenantDatabases = b.tenantDatabases;
        this.tenants = b.tenants == null ? null : List.copyOf(b.tenants);
        this.tenantQuery = b.tenantQuery;
        this.parallelism = b.parallelism;
        this.tenant = b.tenant;
        this.lint = b.lint;
    }

    /** The application's DataSource, or null when {@link #url()} is used. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** JDBC URL used when no DataSource is given. */
    public String url() {
        return url;
    }

    /** User for {@link #url()}. */
    public String user() {
        return user;
    }

    /** Password for {@link #url()} (a secret). */
    public String password() {
        return password;
    }

    /** A separate JDBC URL for the lock, migrations and seeds (direct to the server). */
    public String migrationUrl() {
        return migrationUrl;
    }

    /** User for {@link #migrationUrl()}. */
    public String migrationUser() {
        return migrationUser;
    }

    /** Password for {@link #migrationUrl()} (a secret). */
    public String migrationPassword() {
        return migrationPassword;
    }

    /** Schema holding the history tables and first on the search path during migrations. */
    public String schema() {
        return schema;
    }

    /** Name of the schema history table (Flyway's format). */
    public String table() {
        return table;
    }

    /** Where versioned ({@code V}), undo ({@code U}) and repeatable ({@code R}) SQL migrations are. */
    public List<String> locations() {
        return locations;
    }

    /** Where seed files are. */
    public List<String> seedLocations() {
        return seedLocations;
    }

    /** Extensions ensured before migrations. */
    public List<ExtensionRequirement> extensions() {
        return extensions;
    }

    /** How long to wait for another instance's migration lock. */
    public Duration lockTimeout() {
        return lockTimeout;
    }

    /** {@code lock_timeout} of each migration statement; zero means none. */
    public Duration ddlLockTimeout() {
        return ddlLockTimeout;
    }

    /**
     * How many times a migration statement that hit {@link #ddlLockTimeout()} is tried again, after a growing pause,
     * before the upgrade refuses; 0 (the default) refuses at once.
     */
    public int ddlLockRetries() {
        return ddlLockRetries;
    }

    /** How long to retry connecting to a server that is still starting. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How often the wait for the lock is logged. */
    public Duration lockLogInterval() {
        return lockLogInterval;
    }

    /** Whether a database that holds migrations this build does not know is accepted. */
    public boolean tolerateNewerSchema() {
        return tolerateNewerSchema;
    }

    /** Whether pending migrations older than the newest applied one are applied. */
    public boolean outOfOrder() {
        return outOfOrder;
    }

    /** How pending transactional migrations are grouped. */
    public TransactionMode transactionMode() {
        return transactionMode;
    }

    /** Flyway placeholders replaced in migration scripts ({@code ${name}}). */
    public Map<String, String> placeholders() {
        return placeholders;
    }

    /** Whether placeholders are replaced. */
    public boolean placeholderReplacement() {
        return placeholderReplacement;
    }

    /** Values for {@code ${env:NAME}} in seeds, looked up before the environment (secrets). */
    public Map<String, String> seedVariables() {
        return seedVariables;
    }

    /** Pre-upgrade checks run by {@link Migrator#check()}. */
    public List<PreUpgradeCheck> checks() {
        return checks;
    }

    /** {@code application_name} of Migrator's sessions (on a DataSource's connection, put back when Migrator returns it). */
    public String applicationName() {
        return applicationName;
    }

    /** Class loader for {@code classpath:} locations. */
    public ClassLoader classLoader() {
        return classLoader;
    }

    /** Told of each extension, migration and seed as an upgrade progresses. */
    public MigratorListener listener() {
        return listener;
    }

    /** The front end that configured it (Java API, CLI, Spring, Quarkus): remedies name settings in its words. */
    public Integration integration() {
        return integration;
    }

    /** The LIKE pattern over the database's schemas that names the tenants of {@link Migrator#upgradeFleet()}, or null. */
    public String tenantSchemas() {
        return tenantSchemas;
    }

    /**
     * The LIKE pattern over the server's databases that names the database tenants of {@link Migrator#upgradeFleet()},
     * or null.
     */
    public String tenantDatabases() {
        return tenantDatabases;
    }

    /** True when a tenant source is set, so that the front ends' start upgrades a fleet ({@link Migrator#upgradeFleet()}). */
    public boolean isFleet() {
        return tenantSchemas != null || tenantDatabases != null || tenants != null || tenantQuery != null;
    }

    /** The tenant schemas of {@link Migrator#upgradeFleet()} listed by name, or null. */
    public List<String> tenants() {
        return tenants;
    }

    /** The SQL query whose first column names the tenant schemas of {@link Migrator#upgradeFleet()}, or null. */
    public String tenantQuery() {
        return tenantQuery;
    }

    /** How many tenants {@link Migrator#upgradeFleet()} upgrades at once. */
    public int parallelism() {
        return parallelism;
    }

    /** What an upgrade does with lock hazards in the migrations it is about to apply. */
    public LintPolicy lint() {
        return lint;
    }

    /**
     * The tenant this configuration upgrades: set on the configuration a fleet upgrade derives for each tenant
     * (whose {@link #schema()}, or for a database tenant whose URL's database, is the tenant), null otherwise.
     */
    public String tenant() {
        return tenant;
    }

    /**
     * The configuration of one tenant of a fleet: this one with the tenant as its schema (database tenants: as the
     * database of {@link #url()} and {@link #migrationUrl()}, the schema unchanged), {@code ${tenant}} as a
     * placeholder, the given lock timeout and no tenant source.
     */
    MigratorConfig forTenant(String name, Duration tenantLockTimeout) {
        boolean database = tenantDatabases != null;
        Builder b = new Builder();
        b.dataSource = dataSource;
        b.url = database && url != null ? TenantUrl.withDatabase(url, name) : url;
        b.user = user;
        b.password = password;
        b.migrationUrl = database && migrationUrl != null ? TenantUrl.withDatabase(migrationUrl, name) : migrationUrl;
        b.migrationUser = migrationUser;
        b.migrationPassword = migrationPassword;
        b.schema = database ? schema : name;
        b.table = table;
        b.locations = locations;
        b.seedLocations = seedLocations;
        b.extensions = extensions;
        b.lockTimeout = tenantLockTimeout;
        b.ddlLockTimeout = ddlLockTimeout;
        b.ddlLockRetries = ddlLockRetries;
        b.connectTimeout = connectTimeout;
        b.lockLogInterval = lockLogInterval;
        b.tolerateNewerSchema = tolerateNewerSchema;
        b.outOfOrder = outOfOrder;
        b.transactionMode = transactionMode;
        b.placeholders.putAll(placeholders);
        b.placeholders.put(Fleet.TENANT, name);
        b.placeholderReplacement = placeholderReplacement;
        b.seedVariables.putAll(seedVariables);
        b.checks.addAll(checks);
        b.applicationName = applicationName;
        b.classLoader = classLoader;
        b.listener = Objects.requireNonNull(listener.forTenant(name), "MigratorListener.forTenant");
        b.integration = integration;
        b.tenant = name;
        b.lint = lint;
        return b.build();
    }

    /**
     * The configuration by option key ({@link MigratorOption#key()}), as text, as {@code migrator config} prints it:
     * passwords as {@code <masked>}, URLs masked, then {@code placeholders.<name>} and {@code check.<name>.sql}.
     */
    public Map<String, String> settings() {
        return Settings.effective(this);
    }

    /** Masks every password and seed variable. */
    @Override
    public String toString() {
        return "MigratorConfig[url=" + Settings.maskUrl(url) + ", user=" + user
                + ", password=" + (password == null ? "null" : "<masked>")
                + ", dataSource="
                + (dataSource == null ? "null" : dataSource.getClass().getName())
                + ", migrationUrl=" + Settings.maskUrl(migrationUrl) + ", migrationUser=" + migrationUser
                + ", schema=" + schema + ", table=" + table + ", locations=" + locations
                + ", seedLocations=" + seedLocations + ", extensions=" + extensions
                + ", lockTimeout=" + lockTimeout + ", ddlLockTimeout=" + ddlLockTimeout + ", ddlLockRetries="
                + ddlLockRetries
                + ", connectTimeout=" + connectTimeout + ", tolerateNewerSchema=" + tolerateNewerSchema
                + ", outOfOrder=" + outOfOrder + ", transactionMode=" + transactionMode
                + ", placeholders=" + placeholders.keySet() + ", seedVariables=" + seedVariables.keySet()
                + ", checks=" + checks.size() + "]";
    }

    /** A builder with every default set. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Fluent builder. Methods may be called in any order; later calls win. {@link #build()} validates
     * once and names the setting of any bad value.
     */
    public static final class Builder {
        private DataSource dataSource;
        private String url;
        private String user;
        private String password;
        private String migrationUrl;
        private String migrationUser;
        private String migrationPassword;
        private String schema;
        private String table;
        private List<String> locations;
        private List<String> seedLocations;
        private List<ExtensionRequirement> extensions;
        private Duration lockTimeout;
        private Duration ddlLockTimeout;
        private int ddlLockRetries;
        private Duration connectTimeout;
        private Duration lockLogInterval;
        private boolean tolerateNewerSchema;
        private boolean outOfOrder;
        private TransactionMode transactionMode;
        private final Map<String, String> placeholders = new LinkedHashMap<>();
        private boolean placeholderReplacement;
        private final Map<String, String> seedVariables = new LinkedHashMap<>();
        private final List<PreUpgradeCheck> checks = new ArrayList<>();
        private String applicationName;
        private ClassLoader classLoader;
        private MigratorListener listener = new MigratorListener() {};
        private Integration integration = Integration.code();
        private String tenantSchemas;
        private String tenantDatabases;
        private List<String> tenants;
        private String tenantQuery;
        private int parallelism = 1;
        private String tenant;
        private LintPolicy lint = LintPolicy.WARN;

        Builder() {
            MigratorOption.applyDefaults(this);
        }

        /** The application's DataSource; Migrator borrows at most two connections. Default: none (use {@link #url}). */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /**
         * JDBC URL; Migrator then opens connections of its own (a HikariCP pool of 2 when HikariCP is on the class
         * path, else one connection per use). Default: none.
         */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /** User for {@link #url}. Default: none (the URL's or the driver's default). */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** Password for {@link #url}; never logged. Default: none. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /**
         * A separate JDBC URL for the migration lock, migrations and seeds, direct to the server when the
         * application goes through a transaction-pooling PgBouncer. Default: none (use the main connection).
         */
        public Builder migrationUrl(String migrationUrl) {
            this.migrationUrl = migrationUrl;
            return this;
        }

        /** User for {@link #migrationUrl}. Default: {@link #user}. */
        public Builder migrationUser(String migrationUser) {
            this.migrationUser = migrationUser;
            return this;
        }

        /** Password for {@link #migrationUrl}; never logged. Default: {@link #password}. */
        public Builder migrationPassword(String migrationPassword) {
            this.migrationPassword = migrationPassword;
            return this;
        }

        /** Schema of the history tables, created if missing, first on the search path while migrating. Default: {@code public}. */
        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        /** Name of the schema history table, in Flyway's format. Default: {@code flyway_schema_history}. */
        public Builder table(String table) {
            this.table = table;
            return this;
        }

        /** Migration locations, {@code classpath:} or {@code filesystem:}. Default: {@code classpath:db/migration}. */
        public Builder locations(String... locations) {
            this.locations = List.of(locations);
            return this;
        }

        /** The values as given; {@code "none"} alone is the empty list. */
        private static List<String> listOrNone(String... values) {
            boolean none = values.length == 1 && values[0] != null && "none".equalsIgnoreCase(values[0].trim());
            return none ? List.of() : List.of(values);
        }

        /**
         * Seed locations, {@code classpath:} or {@code filesystem:}; none (or {@code "none"} alone) disables seeds.
         * Default: {@code classpath:db/seed}.
         */
        public Builder seedLocations(String... seedLocations) {
            this.seedLocations = listOrNone(seedLocations);
            return this;
        }

        /**
         * Extensions to ensure, e.g. {@code "vector"} or {@code "vector>=0.5.0"}; none (or {@code "none"} alone)
         * disables the step. Default: {@code vector}.
         */
        public Builder extensions(String... specs) {
            List<ExtensionRequirement> parsed = new ArrayList<>();
            for (String spec : listOrNone(specs)) {
                parsed.add(ExtensionRequirement.parse(spec));
            }
            this.extensions = List.copyOf(parsed);
            return this;
        }

        /** How long to wait for another instance's migration lock before refusing. Default: 2 minutes. */
        public Builder lockTimeout(Duration lockTimeout) {
            this.lockTimeout = lockTimeout;
            return this;
        }

        /** {@code lock_timeout} for each migration statement; zero waits for ever. Default: 10 seconds. */
        public Builder ddlLockTimeout(Duration ddlLockTimeout) {
            this.ddlLockTimeout = ddlLockTimeout;
            return this;
        }

        /**
         * How many times a migration statement that hit {@link #ddlLockTimeout} is tried again, after a pause of 1 s,
         * 2 s, 4 s ... (at most 30 s, with up to 20% jitter), before the upgrade refuses. Inside a transaction only that
         * statement is rolled back (a savepoint precedes each statement while retries are on). Default: 0 (refuse at
         * once, as without the option).
         */
        public Builder ddlLockRetries(int ddlLockRetries) {
            this.ddlLockRetries = ddlLockRetries;
            return this;
        }

        /** How long to retry connecting while the server is starting or unreachable. Default: 30 seconds. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** How often the wait for the migration lock is logged, naming the holder. Default: 5 seconds. */
        public Builder lockLogInterval(Duration lockLogInterval) {
            this.lockLogInterval = lockLogInterval;
            return this;
        }

        /** Accept a database holding migrations this build does not know, for rolling upgrades. Default: false. */
        public Builder tolerateNewerSchema(boolean tolerateNewerSchema) {
            this.tolerateNewerSchema = tolerateNewerSchema;
            return this;
        }

        /** Apply pending migrations older than the newest applied one instead of refusing. Default: false. */
        public Builder outOfOrder(boolean outOfOrder) {
            this.outOfOrder = outOfOrder;
            return this;
        }

        /** How pending transactional migrations are grouped. Default: {@link TransactionMode#SINGLE}. */
        public Builder transactionMode(TransactionMode transactionMode) {
            this.transactionMode = transactionMode;
            return this;
        }

        /** Adds a Flyway placeholder, replacing {@code ${name}} in migration scripts. Default: none. */
        public Builder placeholder(String name, String value) {
            this.placeholders.put(name, value);
            return this;
        }

        /** Whether {@code ${...}} placeholders in migration scripts are replaced. Default: true. */
        public Builder placeholderReplacement(boolean placeholderReplacement) {
            this.placeholderReplacement = placeholderReplacement;
            return this;
        }

        /** A value for {@code ${env:NAME}} in seeds, used before the process environment; never logged. Default: none. */
        public Builder seedVariable(String name, String value) {
            this.seedVariables.put(name, value);
            return this;
        }

        /**
         * Adds a pre-upgrade check run by {@link Migrator#check()}; it replaces an earlier check of the same name
         * (case and {@code -}/{@code _} aside), so that {@code MIGRATOR_CHECK_JOBS_DRAINED_SQL} overrides
         * {@code check.jobs-drained.sql} of a file. Default: none.
         */
        public Builder check(PreUpgradeCheck check) {
            Objects.requireNonNull(check, "check");
            this.checks.removeIf(earlier -> sameCheckName(earlier.name(), check.name()));
            this.checks.add(check);
            return this;
        }

        private static boolean sameCheckName(String a, String b) {
            return a != null && b != null && a.replace('_', '-').equalsIgnoreCase(b.replace('_', '-'));
        }

        /**
         * {@code application_name} of Migrator's sessions, also on a connection of the application's DataSource while
         * Migrator uses it (its own name is put back). Default: {@code migrator}.
         */
        public Builder applicationName(String applicationName) {
            this.applicationName = applicationName;
            return this;
        }

        /** Class loader for {@code classpath:} locations. Default: the thread's context class loader, else Migrator's. */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = classLoader;
            return this;
        }

        /** Told of each extension, migration and seed as an upgrade progresses. Default: none. */
        public Builder listener(MigratorListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The tenants of {@link Migrator#upgradeFleet()}: every schema of the database whose name is LIKE
         * {@code pattern} (e.g. {@code "tenant\\_%"}; {@code pg_*} and {@code information_schema} never are). Replaces
         * {@link #tenants} and {@link #tenantQuery}. Default: none.
         */
        public Builder tenantSchemas(String pattern) {
            clearTenants();
            this.tenantSchemas = pattern;
            return this;
        }

        /**
         * The tenants of {@link Migrator#upgradeFleet()}: every database of the server whose name is LIKE
         * {@code pattern} (e.g. {@code "tenant\\_%"}; templates and databases that do not allow connections never are).
         * Each database tenant keeps its bookkeeping tables in the configured {@link #schema} of its own database.
         * Replaces {@link #tenantSchemas}, {@link #tenants} and {@link #tenantQuery}. Default: none.
         */
        public Builder tenantDatabases(String pattern) {
            clearTenants();
            this.tenantDatabases = pattern;
            return this;
        }

        /**
         * The tenants of {@link Migrator#upgradeFleet()}, by schema name, each a plain SQL identifier. Replaces
         * {@link #tenantSchemas} and {@link #tenantQuery}. Default: none.
         */
        public Builder tenants(String... names) {
            clearTenants();
            this.tenants = new ArrayList<>(Arrays.asList(names));
            return this;
        }

        /**
         * The tenants of {@link Migrator#upgradeFleet()}: the first column of the rows {@code sql} returns (e.g.
         * {@code SELECT name FROM control.tenants}), each a schema name. Replaces {@link #tenantSchemas} and
         * {@link #tenants}. Default: none.
         */
        public Builder tenantQuery(String sql) {
            clearTenants();
            this.tenantQuery = sql;
            return this;
        }

        private void clearTenants() {
            this.tenantSchemas = null;
            this.tenantDatabases = null;
            this.tenants = null;
            this.tenantQuery = null;
        }

        /**
         * What an upgrade does with lock hazards in the migrations it is about to apply (docs/lint.md): {@link
         * LintPolicy#OFF}, {@link LintPolicy#WARN} (log each) or {@link LintPolicy#REFUSE} ({@code MIGRATOR-LINT}).
         * Default: warn.
         */
        public Builder lint(LintPolicy policy) {
            this.lint = Objects.requireNonNull(policy, "lint");
            return this;
        }

        /** How many tenants {@link Migrator#upgradeFleet()} upgrades at once, each on its own connection. Default: 1. */
        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        /**
         * For Migrator's own integrations (CLI, Spring starter, Quarkus extension): the front end whose words the
         * remedies use for a setting. Default: the Java API ({@code lockTimeout(..)}).
         */
        public Builder integration(Integration integration) {
            this.integration = Objects.requireNonNull(integration, "integration");
            return this;
        }

        /**
         * Sets one option by its CLI name (e.g. {@code lock-timeout}, {@code locations},
         * {@code check.queue.sql}), the same keys as {@code migrator.properties} and the CLI options.
         *
         * @throws ConfigurationException for an unknown key or a bad value, naming both
         */
        public Builder setting(String key, String value) {
            MigratorOption.apply(this, key, value);
            return this;
        }

        /** Applies every {@code MIGRATOR_*} variable of the process environment (and {@code PGPASSWORD}). */
        public Builder environment() {
            return environment(System.getenv());
        }

        /** Applies every {@code MIGRATOR_*} entry of {@code env} (and {@code PGPASSWORD} when no password is set). */
        public Builder environment(Map<String, String> env) {
            Settings.applyEnvironment(this, env, password != null);
            return this;
        }

        /** Applies a {@code migrator.properties}-style set of options. */
        public Builder properties(Properties properties) {
            Settings.applyProperties(this, properties);
            return this;
        }

        /**
         * Applies a {@code migrator.properties} file.
         *
         * @throws ConfigurationException when it cannot be read
         */
        public Builder propertiesFile(Path file) {
            Settings.applyProperties(this, Settings.readProperties(file));
            return this;
        }

        /**
         * Applies {@code migrator.properties} files merged key by key, a later file's entry replacing an earlier one's
         * (so that a {@code check.<name>.sql} defined in two files runs once, as the later file says).
         *
         * @throws ConfigurationException when one cannot be read
         */
        public Builder propertiesFiles(List<Path> files) {
            Properties merged = new Properties();
            files.forEach(file -> merged.putAll(Settings.readProperties(file)));
            Settings.applyProperties(this, merged);
            return this;
        }

        /** Validates and freezes the configuration. */
        public MigratorConfig build() {
            MigratorConfig config = new MigratorConfig(this);
            Settings.validate(config);
            Fleet.validate(config);
            return config;
        }

        /** The configuration without a database (static lint): validated as {@link #build()}, a url not required. */
        MigratorConfig buildWithoutDatabase() {
            MigratorConfig config = new MigratorConfig(this);
            Settings.validate(config, false);
            Fleet.validate(config);
            return config;
        }

        /** Whether a url or DataSource is set. */
        boolean hasDatabase() {
            return dataSource != null || (url != null && !url.isBlank());
        }

        /** Validates the configuration and returns a ready {@link Migrator}. */
        public Migrator load() {
            return new Migrator(build());
        }

        private static ClassLoader defaultClassLoader() {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            return context != null ? context : Migrator.class.getClassLoader();
        }
    }
}
