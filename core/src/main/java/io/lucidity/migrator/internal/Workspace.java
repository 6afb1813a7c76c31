package io.lucidity.migrator.internal;

import io.lucidity.migrator.ExtensionRequirement;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.internal.config.FrontEnd;
import io.lucidity.migrator.internal.history.Bookkeeping;
import io.lucidity.migrator.internal.history.BookkeepingTables;
import io.lucidity.migrator.internal.jdbc.Connections;
import io.lucidity.migrator.internal.jdbc.SafeSession;
import io.lucidity.migrator.internal.jdbc.SqlErrors;
import io.lucidity.migrator.internal.lock.MigrationLock;
import io.lucidity.migrator.internal.resolve.FlywayScripts;
import io.lucidity.migrator.internal.resolve.MigrationCatalog;
import io.lucidity.migrator.internal.resolve.MigrationResolver;
import io.lucidity.migrator.internal.resolve.ResolvedMigration;
import io.lucidity.migrator.internal.seed.SeedCatalog;
import io.lucidity.migrator.internal.seed.SeedFile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every command works on, fixed for the life of a Migrator: the configuration, the connections, the script
 * reader, the bookkeeping tables, this build's migrations and seeds (each resolved once, on first use) and the
 * diagnostics. Commands ({@code Upgrade}, {@code Seed}, {@code Stamp}, {@code Repair}, {@code Downgrade},
 * {@code Backup}, {@code Restore}, {@code Inspection}) are small units over it; none changes it.
 */
public final class Workspace implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Workspace.class);

    private final MigratorConfig config;
    private final Connections connections;
    private final FlywayScripts scripts;
    private final BookkeepingTables tables;
    private final Diagnostics diagnostics;
    private final FastPath fastPath;
    private volatile MigrationCatalog catalog;
    private volatile List<SeedFile> seeds;

    public Workspace(MigratorConfig config) {
        this.config = config;
        this.connections = new Connections(config);
        this.scripts = new FlywayScripts(config);
        this.scripts.bind(Connections.migrationUrl(config), Connections.migrationUser(config));
        this.tables = new BookkeepingTables(config.schema(), config.table());
        this.diagnostics = new Diagnostics(config, connections.describeTarget());
        this.fastPath = new FastPath(this);
    }

    /** The configuration. */
    public MigratorConfig config() {
        return config;
    }

    /** The connections. */
    public Connections connections() {
        return connections;
    }

    /** The bookkeeping tables. */
    public BookkeepingTables tables() {
        return tables;
    }

    /** The script reader (Flyway's parser and placeholders). */
    public FlywayScripts scripts() {
        return scripts;
    }

    /** The diagnostics shared by the commands. */
    Diagnostics diagnostics() {
        return diagnostics;
    }

    FastPath fastPath() {
        return fastPath;
    }

    /** True when this build's migrations (and, when {@code withSeeds}, seeds) are resolved already. */
    boolean resolved(boolean withSeeds) {
        return catalog != null && (seeds != null || !withSeeds);
    }

    /** This build's migrations, resolved on first use. */
    public MigrationCatalog catalog() {
        MigrationCatalog c = catalog;
        if (c == null) {
            synchronized (this) {
                if (catalog == null) {
                    catalog = MigrationResolver.resolve(config, scripts);
                }
                c = catalog;
            }
        }
        return c;
    }

    /** This build's seeds, resolved on first use. */
    public List<SeedFile> seeds() {
        List<SeedFile> s = seeds;
        if (s == null) {
            synchronized (this) {
                if (seeds == null) {
                    seeds = SeedCatalog.resolve(config);
                }
                s = seeds;
            }
        }
        return s;
    }

    /**
     * A SHA-256 over everything that shapes the database this build produces: migrations (versioned, undo,
     * repeatable) with their checksums, seeds with theirs, schema, table, extensions, placeholders.
     */
    public String fingerprint() {
        StringBuilder text = new StringBuilder("migrator-fingerprint-1\n");
        MigrationCatalog migrations = catalog();
        migrations
                .versioned()
                .forEach(m -> text.append("V ")
                        .append(m.versionText())
                        .append(' ')
                        .append(m.checksum())
                        .append('\n'));
        migrations.undo().values().stream()
                .sorted(Comparator.comparing(ResolvedMigration::version))
                .forEach(m -> text.append("U ")
                        .append(m.versionText())
                        .append(' ')
                        .append(m.checksum())
                        .append('\n'));
        migrations
                .repeatable()
                .forEach(m -> text.append("R ")
                        .append(m.description())
                        .append(' ')
                        .append(m.checksum())
                        .append('\n'));
        seeds().forEach(s -> text.append("S ")
                .append(s.name())
                .append(' ')
                .append(s.checksum())
                .append('\n'));
        text.append("schema ")
                .append(config.schema())
                .append("\ntable ")
                .append(config.table())
                .append("\nextensions ")
                .append(config.extensions())
                .append("\nplaceholders ")
                .append(new TreeMap<>(config.placeholders()))
                .append("\nplaceholderReplacement ")
                .append(config.placeholderReplacement())
                .append('\n');
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The configured extension names. */
    String[] extensionNames() {
        return config.extensions().stream().map(ExtensionRequirement::name).toArray(String[]::new);
    }

    /**
     * A migration connection and what the catalog said of the bookkeeping objects and the session, read in the same
     * round trip as the session's hardening; refused when another role created or changed one of them.
     *
     * @param connection the migration connection (close it)
     * @param state      the bookkeeping objects and the session, trusted
     */
    public record Session(Connection connection, Bookkeeping state) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }

    /**
     * Opens a migration connection and inspects the bookkeeping objects on it (in the round trip that hardens it).
     *
     * @throws io.lucidity.migrator.MigratorException {@code MIGRATOR-UNTRUSTED} when one may not be trusted (the
     *                                                connection is then closed)
     */
    public Session open() throws SQLException {
        SafeSession.Hardened<Bookkeeping> opened = connections.migration(Bookkeeping.query(tables));
        Connection c = opened.connection();
        try {
            Bookkeeping state = opened.first() != null ? opened.first() : Bookkeeping.inspect(c, tables);
            return new Session(c, state.refuseUntrusted());
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** What the catalog says now of the bookkeeping objects; refused when one may not be trusted. */
    private Bookkeeping inspect(Connection c) throws SQLException {
        return Bookkeeping.inspect(c, tables).refuseUntrusted();
    }

    /** Work on a migration connection. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Session session) throws SQLException;
    }

    /** Runs {@code work} on a migration connection, turning SQL errors into diagnostics. */
    public <T> T withConnection(String what, Work<T> work) {
        try (Session s = open()) {
            return work.apply(s);
        } catch (SQLException e) {
            throw diagnostics.databaseError(what, e);
        }
    }

    /**
     * Takes the lock on a migration connection and runs {@code work} under it, with the bookkeeping state as it is
     * under the lock (looked at again only when it may have changed: see {@link #refreshedUnderLock}).
     */
    public <T> T underLock(String what, Work<T> work) {
        return withConnection(what, s -> {
            MigrationLock lock = lock(s);
            AtomicReference<MigrationLock.Wait> waited = new AtomicReference<>();
            return lock.withLock(
                    config.lockTimeout(),
                    config.lockLogInterval(),
                    waited::set,
                    () -> work.apply(refreshedUnderLock(s, waited.get())));
        });
    }

    /** The migration lock of the session's connection. */
    public MigrationLock lock(Session s) {
        return MigrationLock.on(
                s.connection(), s.state().session().lockKey(), config.schema(), FrontEnd.of(config.integration()));
    }

    /**
     * The session as it is under the lock: the bookkeeping state read before the lock holds unless another instance
     * may have changed it while this one waited (it held the lock) or something was missing (another instance may
     * have created it between the inspection and the lock).
     */
    public Session refreshedUnderLock(Session before, MigrationLock.Wait wait) throws SQLException {
        Bookkeeping state = before.state();
        boolean settled = state.allTablesExist() && state.summary();
        return settled && (wait == null || !wait.waited())
                ? before
                : new Session(before.connection(), inspect(before.connection()));
    }

    /**
     * Creates the bookkeeping tables that are missing, and the history summary if it is not live (under the lock).
     *
     * @param summaryLive the state probe just read a live summary on this connection (nothing to ask)
     * @return the bookkeeping state now
     */
    public Bookkeeping ensureTables(Connection c, Bookkeeping state, boolean summaryLive) throws SQLException {
        if (!state.allTablesExist()) {
            try {
                tables.createMissing(c, state);
            } catch (SQLException e) {
                if (SqlErrors.INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                    throw diagnostics.privilege("create the bookkeeping tables in schema " + config.schema(), e);
                }
                throw e;
            }
        }
        boolean installed = summaryLive || tables.summaryInstalled(c, state);
        if (!installed) {
            try {
                tables.installSummary(c, state);
                installed = true;
            } catch (SQLException e) {
                // Without it the fast path aggregates the history rows: slower at thousands of migrations, as correct.
                LOG.info(
                        "[migrator] The history summary could not be set up ({}); the check at head reads the history "
                                + "instead.",
                        e.getMessage());
            }
        }
        return state.withAllTables(installed);
    }

    @Override
    public void close() {
        connections.close();
    }
}
