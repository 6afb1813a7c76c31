package io.lucidity.migrator.spring;

import io.lucidity.migrator.LintPolicy;
import io.lucidity.migrator.MigratorOption.Defaults;
import io.lucidity.migrator.TransactionMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationStyle;

/**
 * Settings of the upgrade Migrator runs while the application starts, bound from {@code migrator.*}. Each
 * property mirrors the core option of the same name (see {@link io.lucidity.migrator.MigratorOption}) and starts
 * from its default ({@link Defaults}); its javadoc, with the default, becomes the configuration metadata IDEs complete.
 * The configuration processor cannot read a default from another class, so the defaults in the metadata are declared
 * in {@code additional-spring-configuration-metadata.json}; {@code OptionRegistryTest} holds both to the table.
 */
@ConfigurationProperties(prefix = "migrator")
public class MigratorProperties {

    /** Whether Migrator upgrades the database while the application starts. Default: true. */
    private boolean enabled = true;

    /** Revision to upgrade to at start: a version, or head for every migration and the seeds. Default: head. */
    private String target = "head";

    /** JDBC URL of a connection of Migrator's own, instead of the application's DataSource. Default: none (the application's DataSource). */
    private String url;

    /** User for migrator.url. Default: none (the URL's or the driver's default). */
    private String user;

    /** Password for migrator.url; never logged. Default: none. */
    private String password;

    /** Separate JDBC URL for the migration lock, migrations and seeds, direct to the server behind a transaction-pooling PgBouncer. Default: none (the main connection). */
    private String migrationUrl;

    /** User for migrator.migration-url. Default: migrator.user. */
    private String migrationUser;

    /** Password for migrator.migration-url; never logged. Default: migrator.password. */
    private String migrationPassword;

    /** Schema of the history tables, created if missing, first on the search path while migrating. Default: public. */
    private String schema = Defaults.SCHEMA;

    /** Name of the schema history table, in Flyway's format. Default: flyway_schema_history. */
    private String table = Defaults.TABLE;

    /** Migration locations, classpath: or filesystem:. Default: classpath:db/migration. */
    private List<String> locations = new ArrayList<>(List.of(Defaults.LOCATIONS));

    /** Seed locations, classpath: or filesystem:; none or empty disables seeds. Default: classpath:db/seed. */
    private List<String> seedLocations = new ArrayList<>(List.of(Defaults.SEEDS));

    /** Extensions ensured before the migrations, e.g. vector>=0.5.0; none or empty disables the step. Default: vector. */
    private List<String> extensions = new ArrayList<>(List.of(Defaults.EXTENSIONS));

    /** How long to wait for another instance's migration lock before refusing to start. Default: 2m. */
    private Duration lockTimeout = DurationStyle.detectAndParse(Defaults.LOCK_TIMEOUT);

    /** PostgreSQL lock_timeout of each migration statement; 0 waits for ever. Default: 10s. */
    private Duration ddlLockTimeout = DurationStyle.detectAndParse(Defaults.DDL_LOCK_TIMEOUT);

    /**
     * How many times a migration statement that hit ddl-lock-timeout is tried again, after 1 s, 2 s, 4 s ... (at most
     * 30 s); 0 refuses at once. Default: 0.
     */
    private int ddlLockRetries = Integer.parseInt(Defaults.DDL_LOCK_RETRIES);

    /** How long to retry connecting while the server is starting or unreachable. Default: 30s. */
    private Duration connectTimeout = DurationStyle.detectAndParse(Defaults.CONNECT_TIMEOUT);

    /** How often the wait for the migration lock is logged, naming the holder. Default: 5s. */
    private Duration lockLogInterval = DurationStyle.detectAndParse(Defaults.LOCK_LOG_INTERVAL);

    /** Whether to accept a database holding migrations this build does not know (rolling upgrades, rollbacks). Default: false. */
    private boolean tolerateNewerSchema = Boolean.parseBoolean(Defaults.TOLERATE_NEWER_SCHEMA);

    /** Whether to apply pending migrations older than the newest applied one instead of refusing. Default: false. */
    private boolean outOfOrder = Boolean.parseBoolean(Defaults.OUT_OF_ORDER);

    /** How pending transactional migrations are grouped: single transaction or per-migration. Default: single. */
    private TransactionMode transactionMode = TransactionMode.valueOf(
            Defaults.TRANSACTION_MODE.toUpperCase(Locale.ROOT).replace('-', '_'));

    /**
     * Lock hazards in the pending migrations before an upgrade: off, warn (log each) or refuse (MIGRATOR-LINT when an
     * error is not allowed). Default: warn.
     */
    private LintPolicy lint = LintPolicy.valueOf(Defaults.LINT.toUpperCase(Locale.ROOT));

    /** Flyway placeholders, replacing ${name} in migration scripts. Default: none. */
    private Map<String, String> placeholders = new LinkedHashMap<>();

    /** Whether ${...} placeholders in migration scripts are replaced. Default: true. */
    private boolean placeholderReplacement = Boolean.parseBoolean(Defaults.PLACEHOLDER_REPLACEMENT);

    /** Values for ${env:NAME} in seeds, looked up before the process environment; never logged. Default: none. */
    private Map<String, String> seedVariables = new LinkedHashMap<>();

    /**
     * application_name of Migrator's sessions, also on a connection of the application's DataSource while Migrator
     * uses it (the pool's own name is put back). Default: migrator.
     */
    private String applicationName = Defaults.APPLICATION_NAME;

    /**
     * Fleet: every schema of the database whose name is LIKE this pattern is a tenant (e.g. tenant\_% in YAML, tenant\\_% in a
     * .properties file), and the start upgrades every tenant instead of migrator.schema. Default: none.
     */
    private String tenantSchemas;

    /** Fleet: every database of the server whose name is LIKE this pattern is a tenant. Default: none. */
    private String tenantDatabases;

    /** Fleet: the tenant schemas, by name. Default: none. */
    private List<String> tenants;

    /** Fleet: SQL whose rows' first column names the tenant schemas, e.g. SELECT name FROM control.tenants. Default: none. */
    private String tenantQuery;

    /** Fleet: how many tenants are upgraded at a time, each on its own connection of the DataSource. Default: 1. */
    private int parallel = Integer.parseInt(Defaults.PARALLEL);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getTarget() {
        return target;
    }

    public void setTarget(String target) {
        this.target = target;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getMigrationUrl() {
        return migrationUrl;
    }

    public void setMigrationUrl(String migrationUrl) {
        this.migrationUrl = migrationUrl;
    }

    public String getMigrationUser() {
        return migrationUser;
    }

    public void setMigrationUser(String migrationUser) {
        this.migrationUser = migrationUser;
    }

    public String getMigrationPassword() {
        return migrationPassword;
    }

    public void setMigrationPassword(String migrationPassword) {
        this.migrationPassword = migrationPassword;
    }

    public String getSchema() {
        return schema;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    public String getTable() {
        return table;
    }

    public void setTable(String table) {
        this.table = table;
    }

    public List<String> getLocations() {
        return locations;
    }

    public void setLocations(List<String> locations) {
        this.locations = locations;
    }

    public List<String> getSeedLocations() {
        return seedLocations;
    }

    public void setSeedLocations(List<String> seedLocations) {
        this.seedLocations = seedLocations;
    }

    public List<String> getExtensions() {
        return extensions;
    }

    public void setExtensions(List<String> extensions) {
        this.extensions = extensions;
    }

    public Duration getLockTimeout() {
        return lockTimeout;
    }

    public void setLockTimeout(Duration lockTimeout) {
        this.lockTimeout = lockTimeout;
    }

    public Duration getDdlLockTimeout() {
        return ddlLockTimeout;
    }

    public void setDdlLockTimeout(Duration ddlLockTimeout) {
        this.ddlLockTimeout = ddlLockTimeout;
    }

    public int getDdlLockRetries() {
        return ddlLockRetries;
    }

    public void setDdlLockRetries(int ddlLockRetries) {
        this.ddlLockRetries = ddlLockRetries;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getLockLogInterval() {
        return lockLogInterval;
    }

    public void setLockLogInterval(Duration lockLogInterval) {
        this.lockLogInterval = lockLogInterval;
    }

    public boolean isTolerateNewerSchema() {
        return tolerateNewerSchema;
    }

    public void setTolerateNewerSchema(boolean tolerateNewerSchema) {
        this.tolerateNewerSchema = tolerateNewerSchema;
    }

    public boolean isOutOfOrder() {
        return outOfOrder;
    }

    public void setOutOfOrder(boolean outOfOrder) {
        this.outOfOrder = outOfOrder;
    }

    public TransactionMode getTransactionMode() {
        return transactionMode;
    }

    public void setTransactionMode(TransactionMode transactionMode) {
        this.transactionMode = transactionMode;
    }

    public LintPolicy getLint() {
        return lint;
    }

    public void setLint(LintPolicy lint) {
        this.lint = lint;
    }

    public Map<String, String> getPlaceholders() {
        return placeholders;
    }

    public void setPlaceholders(Map<String, String> placeholders) {
        this.placeholders = placeholders;
    }

    public boolean isPlaceholderReplacement() {
        return placeholderReplacement;
    }

    public void setPlaceholderReplacement(boolean placeholderReplacement) {
        this.placeholderReplacement = placeholderReplacement;
    }

    public Map<String, String> getSeedVariables() {
        return seedVariables;
    }

    public void setSeedVariables(Map<String, String> seedVariables) {
        this.seedVariables = seedVariables;
    }

    public String getApplicationName() {
        return applicationName;
    }

    public void setApplicationName(String applicationName) {
        this.applicationName = applicationName;
    }

    public String getTenantSchemas() {
        return tenantSchemas;
    }

    public void setTenantSchemas(String tenantSchemas) {
        this.tenantSchemas = tenantSchemas;
    }

    public String getTenantDatabases() {
        return tenantDatabases;
    }

    public void setTenantDatabases(String tenantDatabases) {
        this.tenantDatabases = tenantDatabases;
    }

    public List<String> getTenants() {
        return tenants;
    }

    public void setTenants(List<String> tenants) {
        this.tenants = tenants;
    }

    public String getTenantQuery() {
        return tenantQuery;
    }

    public void setTenantQuery(String tenantQuery) {
        this.tenantQuery = tenantQuery;
    }

    public int getParallel() {
        return parallel;
    }

    public void setParallel(int parallel) {
        this.parallel = parallel;
    }
}
