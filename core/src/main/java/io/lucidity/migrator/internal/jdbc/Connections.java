package io.lucidity.migrator.internal.jdbc;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.internal.Facts;
import io.lucidity.migrator.internal.Redactor;
import io.lucidity.migrator.internal.TenantUrl;
import io.lucidity.migrator.internal.config.FrontEnd;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where Migrator's connections come from: the application's DataSource or, from the URL, a HikariCP pool of 2 when
 * HikariCP is on the classpath (an optional dependency) and a connection per use when it is not; optionally a
 * separate migration URL (direct to the server, for the lock). Nothing on the DataSource path loads HikariCP.
 * Connecting retries with backoff until {@code connectTimeout} while the server is starting or
 * unreachable; bad credentials and unknown databases fail at once.
 */
public final class Connections implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Connections.class);

    private final MigratorConfig config;
    private final List<OwnPool> owned = new ArrayList<>();
    private OwnPool app;
    private OwnPool migration;
    private boolean closed;

    public Connections(MigratorConfig config) {
        this.config = config;
    }

    /**
     * A connection to the application's database, autocommit on, its session hardened by {@link SafeSession} (put
     * back as it was when closed).
     */
    public Connection app() {
        if (config.dataSource() != null) {
            ensureOpen();
            // The application's session carries Migrator's name while Migrator uses it (put back on close).
            return connect(
                            () -> new Opened(config.dataSource().getConnection(), true),
                            config.url(),
                            config.applicationName(),
                            null)
                    .connection();
        }
        return connect(appPool()::connect, config.url(), null, null).connection();
    }

    /**
     * A connection for the lock, migrations and seeds, hardened like {@link #app()}: to the migration URL when set;
     * else, when a migration user is set, to the application's URL as that user (with the migration password, else
     * the password); else the application's connection.
     */
    public Connection migration() {
        return migration(null).connection();
    }

    /**
     * The {@linkplain #migration() migration connection}, with {@code first} run in the same round trip as the
     * session's hardening (see {@link SafeSession#wrap}).
     */
    public <T> SafeSession.Hardened<T> migration(FirstQuery<T> first) {
        if (!separateMigrationLogin(config)) {
            if (config.dataSource() != null) {
                ensureOpen();
                return connect(
                        () -> new Opened(config.dataSource().getConnection(), true),
                        config.url(),
                        config.applicationName(),
                        first);
            }
            return connect(appPool()::connect, config.url(), null, first);
        }
        return connect(migrationPool()::connect, migrationUrl(config), null, first);
    }

    /**
     * A connection to another database ({@code database}, a name Migrator chose) on the migration connection's server,
     * as the migration user, its session hardened like {@link #migration()}; closing it ends the session. Only with a
     * URL: a DataSource does not say how to reach another database.
     *
     * @throws MigratorException {@code MIGRATOR-CONFIG} when Migrator was given a DataSource and no URL
     */
    public Connection migrationTo(String database) throws SQLException {
        return direct(database);
    }

    /**
     * A connection of its own (not from a pool) to the migration connection's database, as the migration user, hardened
     * like {@link #migration()}; closing it ends the session. Only with a URL.
     *
     * @throws MigratorException {@code MIGRATOR-CONFIG} when Migrator was given a DataSource and no URL
     */
    public Connection direct() throws SQLException {
        return direct(null);
    }

    private Connection direct(String database) throws SQLException {
        String url = migrationUrl(config);
        if (url == null) {
            throw MigratorException.of(
                    DiagnosticCode.CONFIG_INVALID,
                    "Migrator was given a DataSource and no URL, so it cannot connect to another database on the server.",
                    Facts.of("database", String.valueOf(database)).map(),
                    "Set " + FrontEnd.of(config.integration()).name("migration-url")
                            + " (a URL to the same server, as the migration role).",
                    null);
        }
        boolean separate = separateMigrationLogin(config);
        String password =
                separate && config.migrationPassword() != null ? config.migrationPassword() : config.password();
        Connection raw = new Driver()
                .connect(
                        database == null ? url : withDatabase(url, database),
                        directProperties(migrationUser(config), password));
        if (raw == null) {
            throw new SQLException("The driver did not accept the migration URL");
        }
        try {
            return SafeSession.wrap(raw, false, null, null).connection();
        } catch (SQLException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * {@code url} (a {@code jdbc:postgresql:} URL) with its database name replaced by {@code database}: the fleet's
     * rewriting ({@link TenantUrl}), written once.
     */
    static String withDatabase(String url, String database) {
        return TenantUrl.withDatabase(url, database);
    }

    /** Whether migrations log in apart from the application: a migration URL or a migration user is set. */
    public static boolean separateMigrationLogin(MigratorConfig config) {
        return config.migrationUrl() != null || config.migrationUser() != null;
    }

    /** The URL migrations connect to: the migration URL, else the application's (null for a DataSource). */
    public static String migrationUrl(MigratorConfig config) {
        return config.migrationUrl() != null ? config.migrationUrl() : config.url();
    }

    /** The user migrations log in as: the migration user, else the application's user (null: the URL's or driver's). */
    public static String migrationUser(MigratorConfig config) {
        return config.migrationUser() != null ? config.migrationUser() : config.user();
    }

    /** Where the migration connection goes, for messages (password masked). */
    public String describeTarget() {
        String url = migrationUrl(config);
        return url != null ? Redactor.redact(url) : "the application's DataSource";
    }

    private synchronized OwnPool appPool() {
        ensureOpen();
        if (app == null) {
            app = own("migrator", config.url(), config.user(), config.password());
        }
        return app;
    }

    private synchronized OwnPool migrationPool() {
        ensureOpen();
        if (migration == null) {
            String password = config.migrationPassword() != null ? config.migrationPassword() : config.password();
            migration = own("migrator-lock", migrationUrl(config), migrationUser(config), password);
        }
        return migration;
    }

    private OwnPool own(String name, String url, String user, String password) {
        OwnPool pool = new OwnPool(name, url, user, password, directProperties(user, password));
        owned.add(pool);
        return pool;
    }

    /** How the driver reaches the server directly: credentials, application name, connect and login timeouts. */
    private Properties directProperties(String user, String password) {
        Properties direct = new Properties();
        if (user != null) {
            direct.setProperty("user", user);
        }
        if (password != null) {
            direct.setProperty("password", password);
        }
        direct.setProperty("ApplicationName", config.applicationName());
        long seconds = Math.max(1, Math.min(10, config.connectTimeout().toSeconds()));
        direct.setProperty("connectTimeout", Long.toString(seconds));
        direct.setProperty("loginTimeout", Long.toString(seconds));
        return direct;
    }

    /**
     * A pool of Migrator's own (at most 2 connections, HikariCP). Its first connection is made directly with the
     * driver and handed out as it is (closing it closes it): a wrong password or a missing database then fails at
     * once with the server's error, a server that is down is retried at the pace of {@link #connect} instead of
     * waiting out the pool's connection timeout, and a process that upgrades once connects once and never loads,
     * configures or starts HikariCP. The pool is made on the second connection; without HikariCP on the classpath
     * every connection is made directly, like the first.
     */
    private final class OwnPool {
        private final String name;
        private final String url;
        private final String user;
        private final String password;
        /** How to reach the server directly, until that has worked once. */
        private Properties direct;

        private Pool pool;
        private boolean closed;

        OwnPool(String name, String url, String user, String password, Properties direct) {
            this.name = name;
            this.url = url;
            this.user = user;
            this.password = password;
            this.direct = direct;
        }

        Opened connect() throws SQLException {
            Properties first;
            synchronized (this) {
                if (closed) {
                    throw closed();
                }
                first = direct;
            }
            if (first != null) {
                Connection connection = new Driver().connect(url, first);
                synchronized (this) {
                    direct = null;
                }
                return new Opened(connection, false); // closing it ends the session: nothing to put back
            }
            Pool second = pool();
            if (second == null) {
                return new Opened(new Driver().connect(url, directProperties()), false);
            }
            return new Opened(second.getConnection(), true);
        }

        /** The HikariCP pool, made on first use; null when HikariCP is not on the classpath. */
        private synchronized Pool pool() {
            if (closed) {
                throw closed();
            }
            if (pool == null && Hikari.PRESENT) {
                pool = HikariPool.create(
                        name,
                        url,
                        user,
                        password,
                        Math.max(250, Math.min(3000, config.connectTimeout().toMillis())),
                        config.applicationName());
            }
            return pool;
        }

        private Properties directProperties() {
            return Connections.this.directProperties(user, password);
        }

        synchronized void close() {
            closed = true;
            if (pool != null) {
                pool.close();
            }
        }
    }

    /**
     * Whether HikariCP, an optional dependency of migrator-core, is on the classpath: looked up once, on the first
     * second connection to a URL (this holder is not loaded before).
     */
    private static final class Hikari {
        static final boolean PRESENT = isPresent();

        private static boolean isPresent() {
            try {
                Class.forName("com.zaxxer.hikari.HikariDataSource", false, Connections.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                LOG.debug("[migrator] HikariCP is not on the classpath: each connection to the URL is opened directly");
                return false;
            }
        }
    }

    /** A pool of connections: what Migrator needs of HikariCP, so that only {@link HikariPool} names its classes. */
    private interface Pool {
        Connection getConnection() throws SQLException;

        void close();
    }

    /**
     * The only code that references HikariCP: loaded, with HikariCP, on a second connection to a URL, never on the
     * DataSource path and never when HikariCP is absent.
     */
    private static final class HikariPool implements Pool {
        private final com.zaxxer.hikari.HikariDataSource hikari;

        private HikariPool(com.zaxxer.hikari.HikariDataSource hikari) {
            this.hikari = hikari;
        }

        static Pool create(
                String name,
                String url,
                String user,
                String password,
                long connectionTimeoutMillis,
                String applicationName) {
            com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
            config.setPoolName(name);
            config.setJdbcUrl(url);
            config.setUsername(user);
            config.setPassword(password);
            config.setMaximumPoolSize(2);
            config.setMinimumIdle(0);
            config.setInitializationFailTimeout(-1);
            config.setConnectionTimeout(connectionTimeoutMillis);
            config.setAutoCommit(true);
            config.addDataSourceProperty("ApplicationName", applicationName);
            return new HikariPool(new com.zaxxer.hikari.HikariDataSource(config));
        }

        @Override
        public Connection getConnection() throws SQLException {
            return hikari.getConnection();
        }

        @Override
        public void close() {
            hikari.close();
        }
    }

    /** How a connection is opened: an application's DataSource, or a pool of Migrator's own. */
    @FunctionalInterface
    private interface Opener {
        Opened open() throws SQLException;
    }

    /** A connection just opened, and whether it goes back to a pool when closed (its session then outlives the use). */
    private record Opened(Connection connection, boolean pooled) {}

    /**
     * @param applicationName the name the session takes while Migrator uses it, or null to keep the one it has (Migrator's
     *                        own pools connect with applicationName unless the URL names the application itself)
     */
    private <T> SafeSession.Hardened<T> connect(
            Opener opener, String url, String applicationName, FirstQuery<T> first) {
        long start = System.nanoTime();
        long deadline = start + config.connectTimeout().toNanos();
        long backoff = 100;
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                Opened opened = opener.open();
                Connection connection = opened.connection();
                if (!connection.getAutoCommit()) {
                    connection.setAutoCommit(true);
                }
                try {
                    return SafeSession.wrap(connection, opened.pooled(), applicationName, first);
                } catch (SQLException | RuntimeException e) {
                    try {
                        connection.close();
                    } catch (SQLException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                    throw e;
                }
            } catch (SQLException e) {
                SQLException root = SqlErrors.rootSqlException(e);
                String state = root.getSQLState();
                if (SqlErrors.isAuthentication(state)) {
                    throw failure(
                            DiagnosticCode.AUTHENTICATION_FAILED,
                            "The server rejected the credentials.",
                            url,
                            attempts,
                            e,
                            "Check the user and the password ("
                                    + FrontEnd.of(config.integration()).name("password") + "), "
                                    + "and the server's pg_hba.conf entry for this client.");
                }
                if ("3D000".equals(state)) {
                    throw failure(
                            DiagnosticCode.DATABASE_NOT_FOUND,
                            "The database in the URL does not exist.",
                            url,
                            attempts,
                            e,
                            "Create it (CREATE DATABASE ...) or correct the database name in the URL.");
                }
                long now = System.nanoTime();
                if (now >= deadline) {
                    throw failure(
                            DiagnosticCode.CONNECTION_FAILED,
                            "Cannot connect to the database after " + attempts
                                    + (attempts == 1 ? " attempt" : " attempts")
                                    + " in " + describe(Duration.ofNanos(now - start)) + " (connect-timeout "
                                    + describe(config.connectTimeout()) + ").",
                            url,
                            attempts,
                            e,
                            "Check that the server runs and accepts connections at that host and port "
                                    + "(pg_isready -h HOST -p PORT), or raise "
                                    + FrontEnd.of(config.integration()).name("connect-timeout") + ".");
                }
                long pause = Math.max(1, Math.min(backoff, (deadline - now) / 1_000_000));
                LOG.info(
                        "[migrator] Database not reachable yet ({}), retrying in {} ms",
                        Redactor.redact(root.getMessage()),
                        pause);
                sleep(pause);
                backoff = Math.min(backoff * 2, 2000);
            }
        }
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0
                ? d.toSeconds() + " s"
                : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private MigratorException failure(
            DiagnosticCode code, String summary, String url, int attempts, SQLException e, String remedy) {
        SQLException root = SqlErrors.rootSqlException(e);
        return MigratorException.of(
                code,
                summary,
                Facts.of("url", url == null ? "the application's DataSource" : Redactor.redact(url))
                        .and("attempts", attempts)
                        .and("SQLState", root.getSQLState())
                        .and("error", root.getMessage())
                        .map(),
                remedy,
                e);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MigratorException.of(
                    DiagnosticCode.INTERRUPTED,
                    "Interrupted while waiting to reconnect to the database.",
                    Map.of(),
                    "Nothing more ran; start again.",
                    e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw closed();
        }
    }

    /** The diagnostic for a use of this Migrator after {@code close()}. */
    private static MigratorException closed() {
        return MigratorException.of(
                DiagnosticCode.CLOSED,
                "This Migrator is closed.",
                Map.of(),
                "Create a new Migrator (Migrator.configure()...load()) to use after closing one.",
                null);
    }

    /** Closes the pools Migrator created; the application's DataSource is left alone. */
    @Override
    public synchronized void close() {
        closed = true;
        owned.forEach(OwnPool::close);
        owned.clear();
    }
}
