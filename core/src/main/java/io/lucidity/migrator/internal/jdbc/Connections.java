package io.lucidity.migrator.internal.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lucidity.migrator.ConnectionException;
import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.internal.Facts;
import io.lucidity.migrator.internal.Redactor;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where Migrator's connections come from: the application's DataSource or a HikariCP pool of 2 built
 * from the URL, and optionally a separate migration DataSource (direct to the server, for the lock).
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
            return connect(() -> new Opened(config.dataSource().getConnection(), true), config.url());
        }
        return connect(appPool()::connect, config.url());
    }

    /**
     * A connection for the lock, migrations and seeds: the migration URL when set, else the application's; hardened
     * like {@link #app()}.
     */
    public Connection migration() {
        if (config.migrationUrl() == null) {
            return app();
        }
        return connect(migrationPool()::connect, config.migrationUrl());
    }

    /** Where the migration connection goes, for messages (password masked). */
    public String describeTarget() {
        String url = config.migrationUrl() != null ? config.migrationUrl() : config.url();
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
            String user = config.migrationUser() != null ? config.migrationUser() : config.user();
            String password = config.migrationPassword() != null ? config.migrationPassword() : config.password();
            migration = own("migrator-lock", config.migrationUrl(), user, password);
        }
        return migration;
    }

    private OwnPool own(String name, String url, String user, String password) {
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
        OwnPool pool = new OwnPool(name, url, user, password, direct);
        owned.add(pool);
        return pool;
    }

    /**
     * A pool of Migrator's own (at most 2 connections, HikariCP). Its first connection is made directly with the
     * driver and handed out as it is (closing it closes it): a wrong password or a missing database then fails at
     * once with the server's error, a server that is down is retried at the pace of {@link #connect} instead of
     * waiting out the pool's connection timeout, and a process that upgrades once connects once and never loads,
     * configures or starts HikariCP. The pool is made on the second connection.
     */
    private final class OwnPool {
        private final String name;
        private final String url;
        private final String user;
        private final String password;
        /** How to reach the server directly, until that has worked once. */
        private Properties direct;
        private HikariDataSource pool;
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
                    throw new IllegalStateException("This Migrator is closed");
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
            return new Opened(hikari().getConnection(), true);
        }

        private synchronized HikariDataSource hikari() {
            if (closed) {
                throw new IllegalStateException("This Migrator is closed");
            }
            if (pool == null) {
                HikariConfig hikari = new HikariConfig();
                hikari.setPoolName(name);
                hikari.setJdbcUrl(url);
                hikari.setUsername(user);
                hikari.setPassword(password);
                hikari.setMaximumPoolSize(2);
                hikari.setMinimumIdle(0);
                hikari.setInitializationFailTimeout(-1);
                hikari.setConnectionTimeout(Math.max(250, Math.min(3000, config.connectTimeout().toMillis())));
                hikari.setAutoCommit(true);
                hikari.addDataSourceProperty("ApplicationName", config.applicationName());
                pool = new HikariDataSource(hikari);
            }
            return pool;
        }

        synchronized void close() {
            closed = true;
            if (pool != null) {
                pool.close();
            }
        }
    }

    /** How a connection is opened: an application's DataSource, or a pool of Migrator's own. */
    @FunctionalInterface
    private interface Opener {
        Opened open() throws SQLException;
    }

    /** A connection just opened, and whether it goes back to a pool when closed (its session then outlives the use). */
    private record Opened(Connection connection, boolean pooled) {
    }

    private Connection connect(Opener opener, String url) {
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
                    return SafeSession.wrap(connection, opened.pooled());
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
                    throw failure(DiagnosticCode.AUTHENTICATION_FAILED, "The server rejected the credentials.", url, attempts, e,
                            "Check the user and the password (" + config.frontEnd().name("password") + "), "
                                    + "and the server's pg_hba.conf entry for this client.");
                }
                if ("3D000".equals(state)) {
                    throw failure(DiagnosticCode.DATABASE_NOT_FOUND, "The database in the URL does not exist.", url, attempts, e,
                            "Create it (CREATE DATABASE ...) or correct the database name in the URL.");
                }
                long now = System.nanoTime();
                if (now >= deadline) {
                    throw failure(DiagnosticCode.CONNECTION_FAILED,
                            "Cannot connect to the database after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                                    + " in " + describe(Duration.ofNanos(now - start)) + " (connect-timeout "
                                    + describe(config.connectTimeout()) + ").", url, attempts, e,
                            "Check that the server runs and accepts connections at that host and port "
                                    + "(pg_isready -h HOST -p PORT), or raise " + config.frontEnd().name("connect-timeout") + ".");
                }
                long pause = Math.max(1, Math.min(backoff, (deadline - now) / 1_000_000));
                LOG.info("[migrator] Database not reachable yet ({}), retrying in {} ms", Redactor.redact(root.getMessage()), pause);
                sleep(pause);
                backoff = Math.min(backoff * 2, 2000);
            }
        }
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private ConnectionException failure(DiagnosticCode code, String summary, String url, int attempts,
                                        SQLException e, String remedy) {
        SQLException root = SqlErrors.rootSqlException(e);
        return new ConnectionException(code, summary,
                Facts.of("url", url == null ? "the application's DataSource" : Redactor.redact(url))
                        .and("attempts", attempts)
                        .and("SQLState", root.getSQLState())
                        .and("error", root.getMessage()).map(),
                remedy, e);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to reconnect", e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("This Migrator is closed");
        }
    }

    /** Closes the pools Migrator created; the application's DataSource is left alone. */
    @Override
    public synchronized void close() {
        closed = true;
        owned.forEach(OwnPool::close);
        owned.clear();
    }

    /** For tests and integrations: how long connecting retries. */
    public Duration connectTimeout() {
        return config.connectTimeout();
    }
}
