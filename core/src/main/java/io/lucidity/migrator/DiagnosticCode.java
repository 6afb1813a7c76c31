package io.lucidity.migrator;

/**
 * Stable codes of every refusal and failure, and the one table that maps each code to its CLI exit status
 * ({@link #exitCode()}) and to the exception class it is raised as ({@link #exceptionType()}). Scripts, dashboards and
 * the CLI's exit status rely on {@link #code()} and {@link #exitCode()}; both never change for an existing constant.
 */
public enum DiagnosticCode {
    /** A setting has a bad value, or settings contradict each other. */
    CONFIG_INVALID("MIGRATOR-CONFIG", 2, ConfigurationException.class),
    /** The Flyway Core on the classpath is too old or lacks a class Migrator uses. */
    FLYWAY_INCOMPATIBLE("MIGRATOR-FLYWAY-VERSION", 1, ConfigurationException.class),
    /** The server did not answer within the connect retries. */
    CONNECTION_FAILED("MIGRATOR-CONNECT", 5, ConnectionException.class),
    /** The server rejected the user name or password. */
    AUTHENTICATION_FAILED("MIGRATOR-AUTH", 5, ConnectionException.class),
    /** The database named in the URL does not exist. */
    DATABASE_NOT_FOUND("MIGRATOR-NO-DATABASE", 5, ConnectionException.class),
    /** Another session held the migration lock longer than {@code lockTimeout}. */
    LOCK_TIMEOUT("MIGRATOR-LOCK-TIMEOUT", 3, LockTimeoutException.class),
    /** The session-level migration lock is no longer held by this session (e.g. behind PgBouncer). */
    LOCK_LOST("MIGRATOR-LOCK-LOST", 4, MigratorException.class),
    /** A file in a migration or seed location does not follow the naming rule. */
    INVALID_NAME("MIGRATOR-INVALID-NAME", 4, MigratorException.class),
    /** Two migration files declare the same version. */
    DUPLICATE_VERSION("MIGRATOR-DUPLICATE-VERSION", 4, MigratorException.class),
    /** A migration or seed file cannot be read (missing location, bad encoding, bad script configuration). */
    UNREADABLE_FILE("MIGRATOR-UNREADABLE", 4, MigratorException.class),
    /** The history holds a failed migration. */
    FAILED_MIGRATION("MIGRATOR-FAILED", 4, PartialMigrationException.class),
    /** A non-transactional migration started and did not finish. */
    PARTIAL_MIGRATION("MIGRATOR-PARTIAL", 4, PartialMigrationException.class),
    /** An applied migration's file changed since it was applied. */
    CHECKSUM_MISMATCH("MIGRATOR-CHECKSUM", 4, ChecksumMismatchException.class),
    /** The database holds migrations newer than this build knows (older code on a newer schema). */
    SCHEMA_AHEAD("MIGRATOR-SCHEMA-AHEAD", 4, SchemaAheadException.class),
    /** An applied migration's file is missing although newer migrations are present. */
    MISSING_MIGRATION("MIGRATOR-MISSING", 4, SchemaAheadException.class),
    /** A pending migration is older than the newest applied one. */
    OUT_OF_ORDER("MIGRATOR-OUT-OF-ORDER", 4, MigratorException.class),
    /** A migration statement failed. */
    MIGRATION_FAILED("MIGRATOR-MIGRATION-FAILED", 1, MigrationFailedException.class),
    /** A migration creates an object that already exists (SQLState 42701, 42P07, 42710). */
    OBJECT_EXISTS("MIGRATOR-EXISTS", 4, MigrationFailedException.class),
    /** A migration statement waited longer than {@code ddlLockTimeout} for a table lock. */
    DDL_LOCK_TIMEOUT("MIGRATOR-DDL-LOCK-TIMEOUT", 3, MigrationFailedException.class),
    /**
     * A bookkeeping object (history, summary, journal, seed journal, trigger function) exists but was not created by
     * the migration role: another owner, or triggers, rules or policies that are not Migrator's own.
     */
    UNTRUSTED_OBJECT("MIGRATOR-UNTRUSTED", 4, MigratorException.class),
    /** A script that runs in a transaction ends, rolls back or starts a transaction itself (COMMIT, ROLLBACK, BEGIN, ...). */
    TRANSACTION_CONTROL("MIGRATOR-TRANSACTION-CONTROL", 4, MigratorException.class),
    /** The role lacks a privilege a migration, seed or bookkeeping table needs. */
    INSUFFICIENT_PRIVILEGE("MIGRATOR-PRIVILEGE", 1, MigratorException.class),
    /** The server is a read-only hot standby, or the session is read-only. */
    READ_ONLY("MIGRATOR-READ-ONLY", 4, MigratorException.class),
    /** A required extension is not installed on the server. */
    EXTENSION_MISSING("MIGRATOR-EXTENSION-MISSING", 1, MigratorException.class),
    /** The role may not create a required extension. */
    EXTENSION_NOT_PERMITTED("MIGRATOR-EXTENSION-PERMISSION", 1, MigratorException.class),
    /** An installed extension is older than required. */
    EXTENSION_TOO_OLD("MIGRATOR-EXTENSION-VERSION", 1, MigratorException.class),
    /** A seed file is malformed or does not match the table it fills. */
    SEED_INVALID("MIGRATOR-SEED-INVALID", 1, SeedException.class),
    /** A seed failed while running. */
    SEED_FAILED("MIGRATOR-SEED-FAILED", 1, SeedException.class),
    /** A {@code ${env:NAME}} value names an unset variable. */
    SEED_VARIABLE_MISSING("MIGRATOR-SEED-VARIABLE", 1, SeedException.class),
    /** A revision given to upgrade, stamp or downgrade is not known to this build. */
    UNKNOWN_REVISION("MIGRATOR-UNKNOWN-REVISION", 2, MigratorException.class),
    /** A downgrade would need undo scripts that do not exist. */
    NO_UNDO("MIGRATOR-NO-UNDO", 4, MigratorException.class),
    /** A pre-upgrade check found a blocker. */
    CHECK_BLOCKED("MIGRATOR-CHECK", 6, MigratorException.class),
    /** Under {@code lint=refuse}, a pending migration holds a lock hazard no {@code -- migrator:allow} comment allows. */
    LINT_REFUSED("MIGRATOR-LINT", 6, MigratorException.class),
    /** The PostgreSQL client tools (pg_dump, pg_restore) of the server's major version are missing. */
    PG_TOOLS_MISSING("MIGRATOR-PG-TOOLS", 1, MigratorException.class),
    /** A backup or restore failed, or the archive is unreadable. */
    BACKUP_FAILED("MIGRATOR-BACKUP", 1, MigratorException.class),
    /** An unexpected database error outside any migration or seed. */
    DATABASE_ERROR("MIGRATOR-DATABASE", 1, MigratorException.class),
    /** The thread was interrupted while Migrator waited (for the migration lock, or to reconnect); nothing more ran. */
    INTERRUPTED("MIGRATOR-INTERRUPTED", 1, MigratorException.class),
    /** A method of a {@code Migrator} was called after {@code close()}. */
    CLOSED("MIGRATOR-CLOSED", 2, MigratorException.class);

    private final String code;
    private final int exitCode;
    private final Class<? extends MigratorException> exceptionType;

    DiagnosticCode(String code, int exitCode, Class<? extends MigratorException> exceptionType) {
        this.code = code;
        this.exitCode = exitCode;
        this.exceptionType = exceptionType;
    }

    /** The stable text code, e.g. {@code MIGRATOR-LOCK-TIMEOUT}. */
    public String code() {
        return code;
    }

    /** The exit status of the CLI for this diagnostic (the CLI contract: 1 failed, 2 usage, 3 lock timeout, 4 refused, 5 cannot connect, 6 check blocked). */
    public int exitCode() {
        return exitCode;
    }

    /**
     * The class a diagnostic with this code is raised as: exactly this class, never a subclass or a sibling. The code
     * decides the class (see {@link MigratorException#of}), so a caller that catches, say, {@link LockTimeoutException}
     * knows the code is {@link #LOCK_TIMEOUT}; codes no caller would catch on their own are plain {@link MigratorException}.
     */
    public Class<? extends MigratorException> exceptionType() {
        return exceptionType;
    }
}
