package io.lucidity.migrator.quarkus.runtime;

import io.lucidity.migrator.MigratorOption.Defaults;
import io.quarkus.runtime.annotations.ConfigGroup;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Run-time configuration of Migrator for one datasource; each key maps to the core option of the same name
 * ({@link io.lucidity.migrator.MigratorOption}), with its default ({@link Defaults}). {@code OptionRegistryTest} in the
 * deployment module holds the keys and defaults to the table.
 */
@ConfigGroup
public interface MigratorDataSourceRuntimeConfig {

    /**
     * Whether the upgrade (extensions, migrations, seeds) runs when the application starts, before Hibernate ORM.
     * When false, the {@code Migrator} bean and the health check still work.
     */
    @WithDefault("true")
    boolean migrateAtStart();

    /** The revision to upgrade to at start-up; {@code head} applies every migration and runs the seeds. */
    @WithDefault("head")
    String target();

    /** Extensions to ensure before migrating, e.g. {@code vector>=0.5.0}; {@code none} disables the step. */
    @WithDefault(Defaults.EXTENSIONS)
    List<String> extensions();

    /** Schema of the history tables, created if missing, first on the {@code search_path} while migrating. */
    @WithDefault(Defaults.SCHEMA)
    String schema();

    /** The history table, in Flyway's format. */
    @WithDefault(Defaults.TABLE)
    String table();

    /** How long to wait for another instance's migration lock before refusing with {@code MIGRATOR-LOCK-TIMEOUT}. */
    @WithDefault(Defaults.LOCK_TIMEOUT)
    Duration lockTimeout();

    /** {@code lock_timeout} of each migration statement; {@code 0} waits for ever. Never applied to the migration lock. */
    @WithDefault(Defaults.DDL_LOCK_TIMEOUT)
    Duration ddlLockTimeout();

    /**
     * How many times a migration statement that hit {@code ddl-lock-timeout} is tried again, after 1 s, 2 s, 4 s ... (at
     * most 30 s); {@code 0} refuses at once.
     */
    @WithDefault(Defaults.DDL_LOCK_RETRIES)
    int ddlLockRetries();

    /** How long to retry connecting to a server that is starting or unreachable. */
    @WithDefault(Defaults.CONNECT_TIMEOUT)
    Duration connectTimeout();

    /** How often the wait for the migration lock is logged, naming the holder. */
    @WithDefault(Defaults.LOCK_LOG_INTERVAL)
    Duration lockLogInterval();

    /** Accept a database holding migrations this build does not know (rolling upgrades, rollbacks). */
    @WithDefault(Defaults.TOLERATE_NEWER_SCHEMA)
    boolean tolerateNewerSchema();

    /** Apply pending migrations older than the newest applied one instead of refusing. */
    @WithDefault(Defaults.OUT_OF_ORDER)
    boolean outOfOrder();

    /**
     * {@code single}: all pending transactional migrations in one transaction; {@code per-migration}: one transaction
     * each.
     */
    @WithDefault(Defaults.TRANSACTION_MODE)
    String transactionMode();

    /**
     * Lock hazards in the pending migrations before an upgrade: {@code off}, {@code warn} (log each) or {@code refuse}
     * ({@code MIGRATOR-LINT} when an error is not allowed).
     */
    @WithDefault(Defaults.LINT)
    String lint();

    /** Flyway placeholders replaced in migration scripts: {@code quarkus.migrator.placeholders.tenant=acme}. */
    Map<String, String> placeholders();

    /** Whether {@code ${...}} placeholders in migration scripts are replaced. */
    @WithDefault(Defaults.PLACEHOLDER_REPLACEMENT)
    boolean placeholderReplacement();

    /**
     * Values for {@code ${env:NAME}} in seeds, looked up before the environment:
     * {@code quarkus.migrator.seed-variables.ADMIN_PASSWORD_HASH=...}. Secrets: never logged.
     */
    Map<String, String> seedVariables();

    /**
     * A separate JDBC URL for the lock, migrations and seeds (direct to PostgreSQL when the datasource goes through a
     * transaction-pooling PgBouncer). Default: the datasource's connections.
     */
    Optional<String> migrationUrl();

    /** The user for {@code migration-url}. */
    Optional<String> migrationUser();

    /** The password for {@code migration-url}. */
    Optional<String> migrationPassword();

    /** {@code application_name} of the connections Migrator opens itself (with {@code migration-url}). */
    @WithDefault(Defaults.APPLICATION_NAME)
    String applicationName();

    /**
     * Fleet: every schema whose name is LIKE this pattern is a tenant ({@code tenant\\_%} in
     * {@code application.properties}, for the SQL pattern {@code tenant\_%}); the start then upgrades every tenant
     * instead of {@code schema}. Default: none.
     */
    Optional<String> tenantSchemas();

    /** Fleet: every database of the server whose name is LIKE this pattern is a tenant. Default: none. */
    Optional<String> tenantDatabases();

    /** Fleet: the tenant schemas, by name, comma-separated. Default: none. */
    Optional<List<String>> tenants();

    /** Fleet: SQL whose rows' first column names the tenant schemas, e.g. {@code SELECT name FROM control.tenants}. */
    Optional<String> tenantQuery();

    /** Fleet: how many tenants are upgraded at a time, each on its own connection of the datasource. */
    @WithDefault(Defaults.PARALLEL)
    int parallel();
}
