package io.lucidity.migrator.embedded;

import io.lucidity.migrator.embedded.ServerProbe.ServerInfo;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway PostgreSQL server: either a private cluster started from the machine's PostgreSQL
 * binaries ({@link Provider#LOCAL}) or a running server named by {@code MIGRATOR_TEST_JDBC_URL}
 * ({@link Provider#EXTERNAL}).
 *
 * <pre>{@code
 * EmbeddedPostgres pg = EmbeddedPostgres.shared();
 * String db = pg.createDatabase();
 * try (Connection c = pg.connect(db)) { ... }
 * }</pre>
 *
 * <p>All methods are thread-safe. Nothing here ever logs or returns the password in a URL.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final String DEFAULT_EXTENSION = ServerProbe.PGVECTOR;
    private static final Duration RUN_BINARY_TIMEOUT = Duration.ofMinutes(10);
    private static final int PASSWORD_BYTES = 18;
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Object SHARED_LOCK = new Object();
    private static EmbeddedPostgres sharedInstance;
    private static EmbeddedPostgresException sharedFailure;

    /** Where the server comes from. */
    public enum Provider {
        /** {@link #EXTERNAL} when {@code MIGRATOR_TEST_JDBC_URL} is set, else {@link #LOCAL};
         *  {@code MIGRATOR_TEST_PROVIDER=local|external} forces one of them. */
        AUTO,
        /** A private cluster started from the PostgreSQL server binaries on this machine. */
        LOCAL,
        /** The running server named by {@code MIGRATOR_TEST_JDBC_URL}. */
        EXTERNAL
    }

    private final Provider provider;
    private final ServerAddress address;
    private final String maintenanceDatabase;
    private final String user;
    private final String password;
    private final LocalCluster cluster;
    private final boolean shared;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;
    private ServerInfo serverInfo;

    private EmbeddedPostgres(
            Provider provider,
            ServerAddress address,
            String maintenanceDatabase,
            String user,
            String password,
            LocalCluster cluster,
            boolean shared) {
        this.provider = provider;
        this.address = address;
        this.maintenanceDatabase = maintenanceDatabase;
        this.user = user;
        this.password = password;
        this.cluster = cluster;
        this.shared = shared;
        this.shutdownHook =
                cluster == null ? null : new Thread(this::destroy, "embedded-postgres-shutdown-" + address.port());
    }

    // --- factories ------------------------------------------------------------------------------

    /**
     * Returns the one server of this JVM, starting it on the first call with the defaults of
     * {@link #builder()} (provider {@link Provider#AUTO}, so {@code MIGRATOR_TEST_JDBC_URL} and
     * {@code MIGRATOR_TEST_PROVIDER} are honored; extension {@code vector} required). It is stopped
     * and deleted at JVM exit; {@link #close()} on it does nothing, so that one test cannot take
     * it away from the others. A failure to start is remembered and thrown again on later calls.
     *
     * @return the shared server
     * @throws EmbeddedPostgresException when it cannot be started or reached
     */
    public static EmbeddedPostgres shared() {
        synchronized (SHARED_LOCK) {
            if (sharedInstance == null && sharedFailure == null) {
                try {
                    sharedInstance = builder().shared().start();
                } catch (EmbeddedPostgresException e) {
                    sharedFailure = e;
                    throw e;
                }
            }
            if (sharedFailure != null) {
                throw new EmbeddedPostgresException(sharedFailure.getMessage(), sharedFailure);
            }
            return sharedInstance;
        }
    }

    /**
     * Returns a builder for a server of one's own (provider {@link Provider#AUTO}, extension
     * {@code vector} required, random superuser password).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures and starts an {@link EmbeddedPostgres}. */
    public static final class Builder {

        private Provider provider = Provider.AUTO;
        private Path binDirectory;
        private final List<String> extensions = new ArrayList<>(List.of(DEFAULT_EXTENSION));
        private final Map<String, String> settings = new LinkedHashMap<>();
        private String superuserPassword;
        private Environment environment = Environment.system();
        private boolean shared;

        private Builder() {}

        /**
         * Chooses where the server comes from. Default: {@link Provider#AUTO}, which picks
         * {@link Provider#EXTERNAL} when {@code MIGRATOR_TEST_JDBC_URL} is set and {@link
         * Provider#LOCAL} otherwise, unless {@code MIGRATOR_TEST_PROVIDER} ({@code local} or
         * {@code external}) forces one.
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder provider(Provider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * Sets the directory with {@code initdb}, {@code pg_ctl} and {@code postgres} (LOCAL only).
         * Default: {@code MIGRATOR_PG_BIN} if set, else {@code pg_config --bindir} from PATH, else
         * the highest version among {@code /usr/lib/postgresql/*}{@code /bin},
         * {@code /usr/pgsql-*}{@code /bin}, {@code /usr/local/pgsql/bin} and the Homebrew
         * {@code postgresql@*} kegs.
         *
         * @param dir the bin directory
         * @return this builder
         */
        public Builder binDirectory(Path dir) {
            this.binDirectory = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Adds an extension that must be available on the server ({@code pg_available_extensions}),
         * else {@link #start()} fails with installation hints. Default: {@code vector} (pgvector).
         * May be called repeatedly.
         *
         * @param name the extension's name
         * @return this builder
         */
        public Builder requireExtension(String name) {
            Objects.requireNonNull(name, "name");
            if (!extensions.contains(name)) {
                extensions.add(name);
            }
            return this;
        }

        /**
         * Clears the list of required extensions, including the default {@code vector}.
         *
         * @return this builder
         */
        public Builder requireNoExtension() {
            extensions.clear();
            return this;
        }

        /**
         * Adds a {@code postgresql.conf} setting (LOCAL only; ignored for EXTERNAL). Default: none
         * beyond the built-in test settings (fsync off, 127.0.0.1 only, {@code wal_level=replica},
         * ...), which a setting of the same name replaces.
         *
         * @param name the setting's name, e.g. {@code work_mem}
         * @param value its value, e.g. {@code 8MB} (quoted as needed)
         * @return this builder
         */
        public Builder setting(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (!name.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                throw new IllegalArgumentException("not a PostgreSQL setting name: " + name);
            }
            settings.put(name, value);
            return this;
        }

        /**
         * Sets the superuser's password (LOCAL only; EXTERNAL takes its credentials from the
         * environment). Default: 24 random URL-safe characters.
         *
         * @param password the password
         * @return this builder
         */
        public Builder superuserPassword(String password) {
            Objects.requireNonNull(password, "password");
            if (password.isEmpty() || password.contains("\n") || password.contains("\r")) {
                throw new IllegalArgumentException("password must be non-empty and on one line");
            }
            this.superuserPassword = password;
            return this;
        }

        /** Replaces the environment variables read by this builder; for tests. */
        Builder environment(Environment environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        private Builder shared() {
            this.shared = true;
            return this;
        }

        /**
         * Starts the server (LOCAL) or checks the running one (EXTERNAL): connects, reads the
         * version and checks the required extensions.
         *
         * @return the running server; close it when done
         * @throws EmbeddedPostgresException when anything fails; a LOCAL cluster is then deleted
         */
        public EmbeddedPostgres start() {
            Provider resolved = resolveProvider(provider, environment);
            return resolved == Provider.LOCAL ? startLocal(this) : connectExternal(this);
        }
    }

    static Provider resolveProvider(Provider requested, Environment environment) {
        if (requested != Provider.AUTO) {
            return requested;
        }
        String forced = environment.get(Environment.PROVIDER);
        if (forced != null) {
            switch (forced.toLowerCase(Locale.ROOT)) {
                case "local":
                    return Provider.LOCAL;
                case "external":
                    return Provider.EXTERNAL;
                case "auto":
                    break;
                default:
                    throw new EmbeddedPostgresException(Environment.PROVIDER + " must be 'local' or "
                            + "'external' (or unset), not '" + forced + "'.");
            }
        }
        return environment.isSet(Environment.JDBC_URL) ? Provider.EXTERNAL : Provider.LOCAL;
    }

    private static EmbeddedPostgres startLocal(Builder builder) {
        long started = System.nanoTime();
        Path bin = BinaryLocator.locate(builder.binDirectory, builder.environment);
        LocalCluster.sweepOrphans(bin);
        String password = builder.superuserPassword != null ? builder.superuserPassword : randomPassword();
        LocalCluster cluster = LocalCluster.start(bin, builder.settings, password);
        EmbeddedPostgres server = new EmbeddedPostgres(
                Provider.LOCAL,
                ServerAddress.local(LocalCluster.HOST, cluster.port()),
                LocalCluster.SUPERUSER,
                LocalCluster.SUPERUSER,
                password,
                cluster,
                builder.shared);
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
        try {
            server.serverInfo = server.probe(builder.extensions);
        } catch (RuntimeException e) {
            server.destroy();
            throw e;
        }
        LOG.info(
                "[embedded-postgres] started PostgreSQL {} on port {} as OS user '{}' (data dir {}) " + "in {} ms",
                server.serverVersion(),
                server.port(),
                cluster.osUser(),
                cluster.dataDirectory(),
                (System.nanoTime() - started) / 1_000_000);
        return server;
    }

    private static EmbeddedPostgres connectExternal(Builder builder) {
        ExternalTarget target = ExternalTarget.fromEnvironment(builder.environment);
        if (!builder.settings.isEmpty() || builder.superuserPassword != null) {
            LOG.warn("[embedded-postgres] settings and superuserPassword apply to LOCAL servers only; "
                    + "ignored for the external server");
        }
        EmbeddedPostgres server = new EmbeddedPostgres(
                Provider.EXTERNAL,
                target.address(),
                target.database(),
                target.user(),
                target.password(),
                null,
                builder.shared);
        server.serverInfo = server.probe(builder.extensions);
        LOG.info(
                "[embedded-postgres] using external PostgreSQL {} at {} as user '{}'",
                server.serverVersion(),
                server.jdbcUrl(),
                server.user());
        return server;
    }

    private static String randomPassword() {
        byte[] bytes = new byte[PASSWORD_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    // --- checks on start ------------------------------------------------------------------------

    private ServerInfo probe(List<String> extensions) {
        String description = "PostgreSQL at " + jdbcUrl() + " as user '" + user + "'";
        try (Connection connection = ServerProbe.connect(dataSource(maintenanceDatabase), description, connectHint())) {
            ServerInfo info = ServerProbe.version(connection);
            ServerProbe.requireExtensions(connection, extensions, info.majorVersion(), this::missingExtensionMessage);
            return info;
        } catch (SQLException e) {
            throw new EmbeddedPostgresException("Could not query " + description + ": " + e.getMessage(), e);
        }
    }

    private String connectHint() {
        return cluster != null
                ? "Server log:\n" + cluster.logTail()
                : "Check " + Environment.JDBC_URL + ", " + Environment.USER + " and " + Environment.PASSWORD
                        + " (a superuser or a role with CREATEDB is needed).";
    }

    private String missingExtensionMessage(String extension, int major) {
        return cluster != null
                ? ServerProbe.missingOnLocal(extension, major, cluster.binDirectory())
                : ServerProbe.missingOnExternal(extension, major, jdbcUrl());
    }

    // --- connection facts -----------------------------------------------------------------------

    /**
     * Tells where this server comes from.
     *
     * @return {@link Provider#LOCAL} or {@link Provider#EXTERNAL}, never {@code AUTO}
     */
    public Provider provider() {
        return provider;
    }

    /**
     * Returns the server's host: {@code 127.0.0.1} for LOCAL, the URL's (first) host for EXTERNAL.
     *
     * @return the host
     */
    public String host() {
        return address.host();
    }

    /**
     * Returns the server's TCP port: a free port chosen at start for LOCAL, the URL's (first) port
     * (default 5432) for EXTERNAL.
     *
     * @return the port
     */
    public int port() {
        return address.port();
    }

    /**
     * Returns the superuser's name: {@code postgres} for LOCAL; for EXTERNAL
     * {@code MIGRATOR_TEST_USER}, else the URL's {@code user} parameter, else {@code postgres}.
     *
     * @return the database user all connections use
     */
    public String user() {
        return user;
    }

    /**
     * Returns the superuser's password: the builder's or a random one for LOCAL; for EXTERNAL
     * {@code MIGRATOR_TEST_PASSWORD}, else the URL's {@code password} parameter, else
     * {@code PGPASSWORD} (may be {@code null}).
     *
     * @return the password
     */
    public String password() {
        return password;
    }

    /**
     * Returns the JDBC URL of the maintenance database: {@code postgres} for LOCAL, the URL's
     * database (default {@code postgres}) for EXTERNAL. URLs never carry credentials.
     *
     * @return the JDBC URL
     */
    public String jdbcUrl() {
        return jdbcUrl(maintenanceDatabase);
    }

    /**
     * Returns the JDBC URL of a database on this server, without credentials (EXTERNAL keeps the
     * other parameters of {@code MIGRATOR_TEST_JDBC_URL}, e.g. {@code sslmode}).
     *
     * @param database the database's name
     * @return the JDBC URL
     */
    public String jdbcUrl(String database) {
        return address.jdbcUrl(Objects.requireNonNull(database, "database"));
    }

    /**
     * Returns a data source for a database, as {@link #user()} with {@link #password()}.
     *
     * @param database the database's name
     * @return a new {@link PGSimpleDataSource} (no pooling)
     */
    public DataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl(database));
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }

    /**
     * Opens a connection to a database, as {@link #user()}.
     *
     * @param database the database's name
     * @return a new connection; close it
     * @throws SQLException when the connection fails
     */
    public Connection connect(String database) throws SQLException {
        return dataSource(database).getConnection();
    }

    /**
     * Returns the server's version without any distribution suffix.
     *
     * @return e.g. {@code "15.20"}
     */
    public String serverVersion() {
        return serverInfo.version();
    }

    /**
     * Returns the server's major version.
     *
     * @return e.g. {@code 15}
     */
    public int majorVersion() {
        return serverInfo.majorVersion();
    }

    // --- databases ------------------------------------------------------------------------------

    /**
     * Creates a new, empty database (from {@code template1}) with a unique name made of the prefix
     * {@code mig_} and 16 random hex digits. Safe to call from many threads at once.
     *
     * @return the new database's name
     * @throws EmbeddedPostgresException when it cannot be created
     */
    public String createDatabase() {
        return createDatabase(Databases.uniqueName());
    }

    /**
     * Creates a new, empty database (from {@code template1}).
     *
     * @param name the database's name (at most 63 bytes, any characters; it is quoted)
     * @return {@code name}
     * @throws EmbeddedPostgresException when it cannot be created, e.g. because it exists
     */
    public String createDatabase(String name) {
        Databases.quoteIdentifier(name);
        Databases.create(dataSource(maintenanceDatabase), name);
        return name;
    }

    /**
     * Drops a database if it exists, disconnecting its sessions
     * ({@code DROP DATABASE IF EXISTS ... WITH (FORCE)}).
     *
     * @param name the database's name
     * @throws EmbeddedPostgresException when it cannot be dropped
     */
    public void dropDatabase(String name) {
        Databases.drop(dataSource(maintenanceDatabase), name);
    }

    // --- LOCAL only -----------------------------------------------------------------------------

    /**
     * Returns the cluster's data directory (a {@code migrator-pg-*} directory under
     * {@code java.io.tmpdir}). LOCAL only.
     *
     * @return the data directory
     * @throws IllegalStateException for an EXTERNAL server
     */
    public Path dataDirectory() {
        return local("dataDirectory()").dataDirectory();
    }

    /**
     * Returns the directory of the PostgreSQL binaries in use. LOCAL only.
     *
     * @return the bin directory
     * @throws IllegalStateException for an EXTERNAL server
     */
    public Path binDirectory() {
        return local("binDirectory()").binDirectory();
    }

    /**
     * Returns the OS user the server runs as: {@code postgres} when the JVM is root (PostgreSQL
     * refuses to run as root), else the JVM's own user. LOCAL only.
     *
     * @return the OS user's name
     * @throws IllegalStateException for an EXTERNAL server
     */
    public String osUser() {
        return local("osUser()").osUser();
    }

    /**
     * Restarts the server ({@code pg_ctl restart -m fast}) on the same port, keeping its data.
     * LOCAL only.
     *
     * @throws IllegalStateException for an EXTERNAL or closed server
     * @throws EmbeddedPostgresException when it does not come up again
     */
    public synchronized void restart() {
        local("restart()").restart();
    }

    /**
     * Stops the server ({@code pg_ctl stop -m fast}), keeping its data; {@link #start()} starts it
     * again. LOCAL only.
     *
     * @throws IllegalStateException for an EXTERNAL or closed server
     * @throws EmbeddedPostgresException when it does not stop
     */
    public synchronized void stop() {
        local("stop()").stop();
    }

    /**
     * Starts the server again after {@link #stop()}, on the same port and data. LOCAL only.
     *
     * @throws IllegalStateException for an EXTERNAL or closed server
     * @throws EmbeddedPostgresException when it does not start (the message has the server log)
     */
    public synchronized void start() {
        local("start()").start();
    }

    /**
     * Runs a binary of {@link #binDirectory()} (e.g. {@code psql}, {@code pg_basebackup},
     * {@code pg_ctl}) as {@link #osUser()}, in the data directory's parent, and waits for it (at
     * most 10 minutes). Its environment has {@code PGHOST}, {@code PGPORT}, {@code PGUSER},
     * {@code PGPASSWORD} and {@code PGDATABASE} set to this server, so client tools connect to it
     * without arguments; other inherited {@code PG*} variables are removed. LOCAL only.
     *
     * @param args the binary's name (resolved in the bin directory) followed by its arguments
     * @return its exit code, standard output and standard error
     * @throws IllegalStateException for an EXTERNAL or closed server
     * @throws EmbeddedPostgresException when the binary is missing or runs too long
     */
    public ProcessResult runBinary(List<String> args) {
        Objects.requireNonNull(args, "args");
        return local("runBinary()").runBinary(args, clientEnvironment(), RUN_BINARY_TIMEOUT);
    }

    private Map<String, String> clientEnvironment() {
        return Map.of(
                "PGHOST",
                host(),
                "PGPORT",
                Integer.toString(port()),
                "PGUSER",
                user,
                "PGPASSWORD",
                password,
                "PGDATABASE",
                maintenanceDatabase);
    }

    private LocalCluster local(String method) {
        if (cluster == null) {
            throw new IllegalStateException(
                    method + " is only available for a LOCAL server; this " + "one is EXTERNAL (" + jdbcUrl() + ")");
        }
        if (closed.get()) {
            throw new IllegalStateException(method + ": this server has been closed");
        }
        return cluster;
    }

    // --- shutdown -------------------------------------------------------------------------------

    /**
     * LOCAL: stops the server ({@code -m immediate}) and deletes its data directory. EXTERNAL:
     * leaves the server alone. Idempotent. Does nothing on the {@link #shared()} server, which is
     * removed at JVM exit instead.
     */
    @Override
    public void close() {
        if (shared) {
            LOG.debug("[embedded-postgres] close() ignored on the shared server");
            return;
        }
        removeShutdownHook();
        destroy();
    }

    private void destroy() {
        if (!closed.compareAndSet(false, true) || cluster == null) {
            return;
        }
        synchronized (this) {
            cluster.destroy();
        }
        LOG.info("[embedded-postgres] stopped PostgreSQL on port {} and deleted {}", port(), cluster.dataDirectory());
    }

    private void removeShutdownHook() {
        if (shutdownHook == null || closed.get()) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already; the hook does the work
        }
    }

    /**
     * Describes the server without credentials.
     *
     * @return e.g. {@code EmbeddedPostgres[LOCAL jdbc:postgresql://127.0.0.1:41234/postgres]}
     */
    @Override
    public String toString() {
        return "EmbeddedPostgres[" + provider + " " + jdbcUrl() + "]";
    }
}
