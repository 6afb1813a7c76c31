package io.lucidity.migrator;

import io.lucidity.migrator.internal.Fleet;
import io.lucidity.migrator.internal.Seed;
import io.lucidity.migrator.internal.Upgrade;
import io.lucidity.migrator.internal.Workspace;
import io.lucidity.migrator.internal.backup.Backup;
import io.lucidity.migrator.internal.backup.Restore;
import io.lucidity.migrator.internal.inspect.Inspection;
import io.lucidity.migrator.internal.lint.Lint;
import io.lucidity.migrator.internal.repair.Downgrade;
import io.lucidity.migrator.internal.repair.Repair;
import io.lucidity.migrator.internal.repair.Stamp;
import java.nio.file.Path;
import java.util.List;

/**
 * Brings a PostgreSQL database to the state this build expects, while the application boots:
 * extensions, versioned migrations, seeds — under one advisory lock, refusing with a diagnostic when the
 * database is not in a state it can safely upgrade.
 *
 * <pre>{@code
 * Migrator migrator = Migrator.configure()
 *         .dataSource(ds)
 *         .locations("classpath:db/migration")
 *         .seedLocations("classpath:db/seed")
 *         .load();
 * UpgradeReport report = migrator.upgradeToHead();
 * }</pre>
 *
 * <p>Immutable and thread-safe. Close it when it was configured with a URL (it then owns a small pool).
 * Every refusal is a {@link MigratorException} with a {@link DiagnosticCode}.
 */
public final class Migrator implements AutoCloseable {
    private final MigratorConfig config;
    private final Workspace workspace;
    private final Inspection inspection;

    Migrator(MigratorConfig config) {
        this.config = config;
        this.workspace = new Workspace(config);
        this.inspection = new Inspection(workspace);
    }

    /** Starts a configuration with every default; finish it with {@link MigratorConfig.Builder#load()}. */
    public static MigratorConfig.Builder configure() {
        return MigratorConfig.builder();
    }

    /** The configuration this Migrator was loaded with. */
    public MigratorConfig config() {
        return config;
    }

    /**
     * Ensures the extensions, applies every pending migration and runs the new or changed seeds, under the
     * migration lock. When the database already agrees with this build, returns after one query, without
     * the lock.
     *
     * @throws MigratorException with a diagnostic code when the database cannot be upgraded safely
     */
    public UpgradeReport upgradeToHead() {
        return Upgrade.run(workspace, "head");
    }

    /**
     * Like {@link #upgradeToHead()} but stops at {@code revision} (a version, {@code head} or {@code base}).
     * Repeatable migrations and seeds run only when the target is head.
     */
    public UpgradeReport upgradeTo(String revision) {
        return Upgrade.run(workspace, revision);
    }

    /**
     * Brings every tenant of the configured tenant source ({@link MigratorConfig.Builder#tenantSchemas},
     * {@link MigratorConfig.Builder#tenants} or {@link MigratorConfig.Builder#tenantQuery}) to head, {@link
     * MigratorConfig#parallelism()} at a time. Each tenant is a schema upgraded as {@link #upgradeToHead()} upgrades
     * the configured schema: its history tables in that schema, under that schema's migration lock, with
     * {@code ${tenant}} as a placeholder (migrations) and a seed variable ({@code ${env:tenant}}). A database tenant
     * ({@link MigratorConfig.Builder#tenantDatabases}) is its database, upgraded in the configured schema.
     *
     * <p>The tenants that already agree with this build are found in a few statements for the whole fleet (schema
     * tenants: one catalog query and one statement per 100 tenants; database tenants: two statements on one connection
     * per database) and reported at head without the lock or a Workspace of their own.
     *
     * <p>A tenant whose lock another instance holds is left for later and come back to once the others are done
     * (waiting then at most {@code lockTimeout}); a tenant's refusal is reported in its result and does not stop the
     * others.
     *
     * @throws MigratorException when no tenant source is configured or the tenants cannot be listed
     */
    public FleetReport upgradeFleet() {
        return Fleet.upgrade(workspace, config::forTenant);
    }

    /**
     * The tenants of the configured tenant source, each once, in the source's order (a pattern: by name).
     *
     * @throws MigratorException when no tenant source is configured or the tenants cannot be listed
     */
    public List<String> tenants() {
        return Fleet.list(workspace);
    }

    /**
     * A Migrator for one tenant of the fleet, configured as {@link #upgradeFleet()} configures it: the tenant as its
     * schema (a database tenant: its database), {@code ${tenant}} as a placeholder and seed variable, no tenant
     * source. Every operation ({@link #status()}, {@link #stamp(String)}, {@link #repair()}, ...) then works on that
     * tenant alone. Close it.
     *
     * @param tenant a tenant name, as {@link #tenants()} returns them; a plain SQL identifier
     * @throws MigratorException {@code MIGRATOR-CONFIG} when {@code tenant} is not a plain SQL identifier
     */
    public Migrator forTenant(String tenant) {
        Fleet.requireTenantName(tenant);
        return new Migrator(config.forTenant(tenant, config.lockTimeout()));
    }

    /**
     * Records the database as being at {@code revision} without running migrations (Alembic's stamp):
     * migrations up to it are recorded as applied with their checksums, failed rows and rows above it
     * are removed, unfinished steps closed.
     */
    public StampResult stamp(String revision) {
        return Stamp.run(workspace, revision, false);
    }

    /** Like {@link #stamp(String)}, emptying the history first when {@code purge}. */
    public StampResult stamp(String revision, boolean purge) {
        return Stamp.run(workspace, revision, purge);
    }

    /** The current revision: the highest applied version, or {@code base}. */
    public String current() {
        return inspection.current();
    }

    /** Every migration with its state, this build's and the database's merged. */
    public List<HistoryEntry> history() {
        return inspection.history();
    }

    /** Revision, pending and problem migrations, extensions, seeds and the lock holder. */
    public Status status() {
        return inspection.status();
    }

    /** The pre-upgrade checklist, including the configured drain checks; changes nothing. */
    public CheckReport check() {
        return inspection.check();
    }

    /**
     * Validates this build against the history without changing anything.
     *
     * @return the pending migrations
     * @throws MigratorException with the diagnostic an upgrade would raise
     */
    public List<HistoryEntry> validate() {
        return inspection.validate();
    }

    /** Runs the undo scripts of every applied migration above {@code revision}, newest first, under the lock. */
    public DowngradeResult downgradeTo(String revision) {
        return Downgrade.run(workspace, revision);
    }

    /** Removes failed rows, realigns checksums, marks removed files deleted and closes unfinished steps, under the lock. */
    public RepairResult repair() {
        return Repair.run(workspace);
    }

    /** Runs every seed again (not only changed ones), under the lock. */
    public List<SeedResult> seed() {
        return Seed.run(workspace);
    }

    /**
     * Finds the statements of the pending migrations that take a lock traffic would wait for, or that the previous
     * build cannot live with during a rolling upgrade (docs/lint.md). The tables' sizes ({@code pg_class.reltuples},
     * {@code pg_relation_size}) rank each finding's severity and the server version decides the version-dependent
     * rules; a table created earlier in the same upgrade is new, hence empty, and gives no finding. Changes nothing.
     *
     * @return the findings; {@link LintReport#exitCode()} is 6 when an error is not allowed by a {@code --
     *     migrator:allow <rule> <reason>} comment
     */
    public LintReport lint() {
        return Lint.live(workspace);
    }

    /**
     * Like {@link #lint()}; with {@code trace}, also runs the pending migrations on a scratch copy of the schema (a
     * database of the same server, created and dropped by the migration role, holding the applied migrations' schema
     * without data), statement by statement in the transactions the upgrade would use, rolled back, and reads the locks
     * each statement really took ({@code pg_locks} of its own backend). Each finding then shows the traced locks
     * ({@link LintFinding#traced()}); a statement the trace saw take a {@code SHARE} or stronger lock on an existing
     * table without a finding gets one of its own (rule {@code traced-lock}, info).
     *
     * @throws MigratorException {@code MIGRATOR-PRIVILEGE} when the migration role may not create a database
     */
    public LintReport lint(boolean trace) {
        return trace ? Lint.traced(workspace) : Lint.live(workspace);
    }

    /**
     * Lints the migrations of a configuration: with a url or DataSource as {@link #lint()} does (and closes the
     * connections); without one, statically, reading the locations only: every migration is pending (one upgrade from
     * an empty database, so a table a migration creates is new for the ones after it), every other table exists and is
     * of unknown size (findings on it are errors), and the server is the newest supported (PostgreSQL 18).
     *
     * @param configuration the settings, e.g. {@code Migrator.configure().locations("filesystem:db/migration")}
     * @throws MigratorException when a file cannot be read or a setting is bad
     */
    public static LintReport lint(MigratorConfig.Builder configuration) {
        if (configuration.hasDatabase()) {
            try (Migrator migrator = configuration.load()) {
                return migrator.lint();
            }
        }
        try (Workspace ws = new Workspace(configuration.buildWithoutDatabase())) {
            return Lint.files(ws, false);
        }
    }

    /**
     * Lints each migration of the locations, without a database, as the only pending migration of its own upgrade:
     * the tables the migrations before it create exist (of unknown size). This is the view of a project that ships
     * one release's migrations at a time; {@code MigrationChecks.assertNoLockHazards()} uses it.
     *
     * @param configuration the settings; a url or DataSource is not used
     * @throws MigratorException when a file cannot be read or a setting is bad
     */
    public static LintReport lintEachMigration(MigratorConfig.Builder configuration) {
        try (Workspace ws = new Workspace(configuration.buildWithoutDatabase())) {
            return Lint.files(ws, true);
        }
    }

    /** The SQL an upgrade to head would run, with transaction boundaries; changes nothing. */
    public MigrationPlan plan() {
        return inspection.plan();
    }

    /**
     * Writes a backup of the whole database with the server's own {@code pg_dump -Fc} (of the server's major
     * version: {@code MIGRATOR_PG_BIN}, {@code /usr/lib/postgresql/<major>/bin}, ... or {@code PATH}), under the
     * migration lock, verifies it non-empty and readable by {@code pg_restore --list}, and records beside it,
     * in {@code FILE.json}, the revision it holds. An existing FILE is replaced only once the new archive is
     * verified. The password reaches {@code pg_dump} through its environment, never its command line.
     *
     * @param file where to write the archive (parent directories are created)
     * @throws MigratorException when pg_dump of the server's major version is missing, or dumping fails
     */
    public BackupResult backup(Path file) {
        return Backup.run(workspace, file);
    }

    /**
     * Restores an archive written by {@link #backup(Path)} into the database with the server's own
     * {@code pg_restore --clean --if-exists}, in one transaction, under the migration lock. Stops nothing:
     * connected sessions stay connected. Tables the archive does not hold are left in place and named in
     * {@link RestoreResult#warnings()}.
     *
     * @param file the archive
     * @return what was restored, with the revision the database is at now
     * @throws MigratorException when the file is missing or unreadable, pg_restore is missing, or restoring
     *                           fails (the database is then unchanged)
     */
    public RestoreResult restore(Path file) {
        return Restore.run(workspace, file);
    }

    /**
     * A SHA-256 (hex) over everything that shapes the database this build produces — migration and seed
     * files with their checksums, schema, table, extensions, placeholders — for caching migrated templates.
     * Reads the files, not the database.
     */
    public String fingerprint() {
        return workspace.fingerprint();
    }

    /** Closes the connection pool Migrator created from a URL; an application's DataSource is left open. */
    @Override
    public void close() {
        workspace.close();
    }
}
