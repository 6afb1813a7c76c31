package io.lucidity.migrator.testing.internal;

import io.lucidity.migrator.embedded.EmbeddedPostgres;
import io.lucidity.migrator.testing.FixtureException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the fixtures share in one JVM: the server (one per JVM, for every test class), its maintenance
 * connections, the templates, the pools of prepared copies, the bound on open connections, and the background
 * thread that prepares copies and drops used databases. Started on first use; a failure to start is remembered
 * and thrown again to every later test class.
 */
public final class Fixtures {
    private static final Logger LOG = LoggerFactory.getLogger(Fixtures.class);
    private static final int MAINTENANCE_CONNECTIONS = 4;
    private static final int DEFAULT_POOL_SIZE = 2;
    /** How long the exit waits for the background thread's queued drops. */
    private static final java.time.Duration EXIT_WAIT = java.time.Duration.ofMinutes(2);
    /** One thread prepares copies and drops used databases: on two cores a second one slowed copies down. */
    private static final int BACKGROUND_THREADS = 1;

    private static final Object LOCK = new Object();
    private static Fixtures instance;
    private static RuntimeException failure;

    private final Server server;
    private final Env env;
    private final Maintenance maintenance;
    private final DatabaseOps ops;
    private final Templates templates;
    private final Sweeper sweeper;
    private final DatabaseNames names = new DatabaseNames();
    private final Semaphore connections;
    private final int poolSize;
    private final ExecutorService background;
    private final Map<String, ClonePool> pools = new ConcurrentHashMap<>();
    /** Used databases handed to the background thread and not dropped yet. */
    private final AtomicInteger pendingDrops = new AtomicInteger();

    private Fixtures(Server server, Env env) {
        this.server = server;
        this.env = env;
        this.maintenance = new Maintenance(server.dataSource(server.maintenanceDatabase()), MAINTENANCE_CONNECTIONS);
        ServerFacts facts;
        try {
            facts = maintenance.call(ServerFacts::read);
        } catch (SQLException e) {
            throw new FixtureException("Could not query " + server + ": " + e.getMessage(), e);
        }
        String tablespace =
                RamTablespace.create(server, maintenance, facts, env).orElse(null);
        this.ops = new DatabaseOps(maintenance, facts, server.throwaway(), tablespace);
        this.templates = new Templates(server, ops);
        this.sweeper = new Sweeper(maintenance);
        this.connections =
                new Semaphore(env.positiveInt(Env.MAX_CONNECTIONS, Math.max(10, facts.maxConnections() - 20)), true);
        this.poolSize = env.positiveInt(Env.POOL_SIZE, DEFAULT_POOL_SIZE);
        this.background = Executors.newFixedThreadPool(BACKGROUND_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "migrator-fixtures-background");
            thread.setDaemon(true);
            return thread;
        });
        if (!server.throwaway()) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::finish, "migrator-fixtures-cleanup"));
        }
    }

    /** The fixtures of this JVM, started on the first call. */
    public static Fixtures get() {
        synchronized (LOCK) {
            if (instance == null && failure == null) {
                try {
                    Env env = Env.system();
                    Server server = startServer(
                            env, () -> DockerProbe.answers(env), () -> new EmbeddedServer(EmbeddedPostgres.shared()));
                    instance = new Fixtures(server, env);
                    try {
                        instance.sweeper.sweep();
                    } catch (RuntimeException e) {
                        LOG.warn("[migrator-fixtures] Could not sweep leftover test databases: {}", e.toString());
                    }
                    LOG.info(
                            "[migrator-fixtures] Using the {} provider: {} (PostgreSQL {}), copies {}{}",
                            server.provider(),
                            server,
                            instance.ops.facts().version(),
                            instance.ops.strategy(),
                            instance.ops.tablespace() == null ? "" : " in tablespace " + instance.ops.tablespace());
                } catch (RuntimeException e) {
                    failure = e;
                    throw e;
                }
            }
            if (failure != null) {
                throw new FixtureException(
                        "The test database server could not be started earlier in this JVM: " + failure.getMessage(),
                        failure);
            }
            return instance;
        }
    }

    /** {@link #startServer(Env, BooleanSupplier, BooleanSupplier, Function, Supplier)} with the real docker provider. */
    static Server startServer(Env env, BooleanSupplier dockerAnswers, Supplier<Server> embedded) {
        // A lambda, not DockerServer::start: Testcontainers is loaded only when Docker is chosen.
        return startServer(env, dockerAnswers, Fixtures::testcontainersPresent, e -> DockerServer.start(e), embedded);
    }

    /** {@link #startServer(Env, BooleanSupplier, BooleanSupplier, Function, Supplier)} with Testcontainers present. */
    static Server startServer(
            Env env, BooleanSupplier dockerAnswers, Function<Env, Server> docker, Supplier<Server> embedded) {
        return startServer(env, dockerAnswers, () -> true, docker, embedded);
    }

    /**
     * Starts the server of the provider {@link Provider#choose} picks. When detection picked docker and the
     * container does not start, or Testcontainers is not on the classpath, falls back to local; a forced provider
     * fails instead, naming the dependency to add.
     */
    static Server startServer(
            Env env,
            BooleanSupplier dockerAnswers,
            BooleanSupplier testcontainers,
            Function<Env, Server> docker,
            Supplier<Server> embedded) {
        Provider provider = Provider.choose(env, dockerAnswers);
        if (provider != Provider.DOCKER) {
            return embedded.get();
        }
        if (!testcontainers.getAsBoolean()) {
            if (Provider.forced(env)) {
                throw new FixtureException(Env.PROVIDER + "=docker, but Testcontainers is not on the test classpath "
                        + "(the fixtures declare it optional, so that projects without Docker do not download it). "
                        + "Add it to your pom:\n" + testcontainersDependency() + "\nor unset " + Env.PROVIDER
                        + " to use another provider.");
            }
            LOG.info(
                    "[migrator-fixtures] A Docker daemon answers, but Testcontainers is not on the test classpath; "
                            + "using the local provider. To run the tests in Docker, add to your pom:\n{}",
                    testcontainersDependency());
            return embedded.get();
        }
        try {
            return docker.apply(env);
        } catch (RuntimeException | LinkageError e) {
            if (Provider.forced(env)) {
                throw new FixtureException(
                        Env.PROVIDER + "=docker, but the " + env.get(Env.DOCKER_IMAGE, DockerServer.DEFAULT_IMAGE)
                                + " container did not start: " + e.getMessage() + ". Start Docker "
                                + "(and make the image available), or unset " + Env.PROVIDER
                                + " to use another provider.",
                        e);
            }
            LOG.warn(
                    "[migrator-fixtures] A Docker daemon answers, but the {} container did not start ({}); using "
                            + "the local provider instead. Set {}=local to skip Docker.",
                    env.get(Env.DOCKER_IMAGE, DockerServer.DEFAULT_IMAGE),
                    e.toString(),
                    Env.PROVIDER);
            return embedded.get();
        }
    }

    /** Whether the docker provider's classes (Testcontainers' PostgreSQL module) can be loaded. */
    static boolean testcontainersPresent() {
        try {
            Class.forName("org.testcontainers.postgresql.PostgreSQLContainer", false, Fixtures.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The Maven dependency that brings the docker provider's classes. */
    static String testcontainersDependency() {
        return "    <dependency>\n"
                + "      <groupId>org.testcontainers</groupId>\n"
                + "      <artifactId>testcontainers-postgresql</artifactId>\n"
                + "      <version>" + Versions.testcontainers() + "</version>\n"
                + "      <scope>test</scope>\n"
                + "    </dependency>";
    }

    /** The server. */
    public Server server() {
        return server;
    }

    /** The environment the fixtures read. */
    public Env env() {
        return env;
    }

    /** The templates. */
    public Templates templates() {
        return templates;
    }

    /** The sweeper of leftover databases. */
    public Sweeper sweeper() {
        return sweeper;
    }

    /** The complete template for {@code options}, built when needed. */
    public Template template(FixtureOptions options) {
        return templates.template(options);
    }

    /** Starts preparing copies of a template ahead. */
    public void warm(Template template) {
        pool(template).refill();
    }

    /** A new database copied from {@code template}, handed out with {@code options} (connection bound, Migrator). */
    public TestDatabase acquire(Template template, FixtureOptions options) {
        return wrap(pool(template).take(), options);
    }

    /** A new empty database (for the migration checks), dropped by {@link #release}. */
    public TestDatabase createEmpty(FixtureOptions options) {
        String name = names.next();
        ops.createEmpty(name);
        return wrap(name, options);
    }

    /** Copies a template on the caller's thread, without the pool (for the benchmark). */
    public String cloneNow(Template template) {
        String name = names.next();
        ops.cloneFrom(template.name(), name);
        return name;
    }

    /** Drops a database on the caller's thread. */
    public void dropNow(String name) {
        ops.drop(name);
    }

    private TestDatabase wrap(String name, FixtureOptions options) {
        return new TestDatabase(
                server,
                name,
                options,
                new BoundedDataSource(
                        server.dataSource(name), name, options.maxConnections(), connections, options.pooled()));
    }

    private ClonePool pool(Template template) {
        return pools.computeIfAbsent(template.name(), n -> new ClonePool(template, ops, names, background, poolSize));
    }

    /**
     * Ends a test's use of its database: closes what the test left open, then drops the database on the
     * background thread, or keeps it (logging its URL) when {@code keep}.
     *
     * @param test what the database was for, for the log and the kept marker
     */
    public void release(TestDatabase db, boolean keep, String test) {
        int leftOpen = db.closeResources();
        if (leftOpen > 0) {
            LOG.debug("[migrator-fixtures] Closed {} connection(s) {} left open", leftOpen, test);
        }
        if (keep) {
            ops.comment(db.name(), Sweeper.keptMarker(Instant.now(), test));
            LOG.warn(
                    "[migrator-fixtures] Kept the database of the failed test {}: {} (user {}). Drop it when done: "
                            + "DROP DATABASE {} WITH (FORCE);{}",
                    test,
                    db.jdbcUrl(),
                    db.user(),
                    Sql.ident(db.name()),
                    server.provider().equals("external")
                            ? ""
                            : " Note: the " + server.provider() + " server is removed when this JVM exits; to keep "
                                    + "databases for later, run against a server of your own with " + Env.JDBC_URL
                                    + ".");
            return;
        }
        String name = db.name();
        pendingDrops.incrementAndGet();
        Runnable drop = () -> {
            try {
                ops.drop(name);
            } catch (RuntimeException e) {
                LOG.warn("[migrator-fixtures] {}", e.getMessage());
            } finally {
                pendingDrops.decrementAndGet();
            }
        };
        try {
            background.execute(drop);
        } catch (RejectedExecutionException shuttingDown) {
            drop.run();
        }
    }

    /** Waits until the background threads have done everything queued so far (for tests and the benchmark). */
    public void awaitBackground() {
        // One background thread, in order: a marker queued now runs once everything queued before it has.
        Future<?> marker = background.submit(() -> {});
        try {
            marker.get(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new FixtureException("The fixtures' background threads did not finish in 2 minutes", e);
        }
    }

    /** How many prepared copies of {@code template} are ready now. */
    public int readyCount(Template template) {
        ClonePool pool = pools.get(template.name());
        return pool == null ? 0 : pool.readyCount();
    }

    /** The CREATE DATABASE strategy and tablespace in use, for reports. */
    public String copyMethod() {
        return ops.strategy() + (ops.tablespace() == null ? "" : ", tablespace " + ops.tablespace());
    }

    /** PostgreSQL's version. */
    public String serverVersion() {
        return ops.facts().version();
    }

    /**
     * On a shared server, at JVM exit: lets the background thread finish what is queued (drops of used databases,
     * copies being prepared; no new ones are started), then drops every prepared copy, so that nothing this JVM
     * created remains. Says so when it had to wait.
     */
    void finish() {
        long start = System.nanoTime();
        int queued = pendingDrops.get();
        background.shutdown();
        try {
            if (!background.awaitTermination(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn(
                        "[migrator-fixtures] Gave up after {} s waiting for {} test database(s) to be dropped; the next "
                                + "run drops them (they are named after this JVM)",
                        EXIT_WAIT.toSeconds(),
                        pendingDrops.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // After the background thread: a copy it prepared meanwhile is in a pool now, and dropped here.
        List<String> prepared = new ArrayList<>();
        pools.values().forEach(p -> prepared.addAll(p.drain()));
        for (String name : prepared) {
            try {
                ops.drop(name);
            } catch (RuntimeException e) {
                LOG.warn("[migrator-fixtures] {}", e.getMessage());
            }
        }
        maintenance.close();
        int dropped = queued + prepared.size();
        if (dropped > 0) {
            LOG.info(
                    "[migrator-fixtures] Waited {} ms for {} test database(s) to be dropped at exit ({} used, {} "
                            + "prepared ahead)",
                    (System.nanoTime() - start) / 1_000_000,
                    dropped,
                    queued,
                    prepared.size());
        }
    }
}
