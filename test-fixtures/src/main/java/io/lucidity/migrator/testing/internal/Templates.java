package io.lucidity.migrator.testing.internal;

import io.lucidity.migrator.ExtensionRequirement;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.UpgradeReport;
import io.lucidity.migrator.testing.FixtureException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Template databases, built once per distinct content key: Migrator's fingerprint of the migration and seed files
 * and settings, the start revision, the server version, the versions the required extensions would be created
 * at, and the versions of Migrator and of the fixtures. Names derive from the key, so every JVM sharing a server
 * looks for the same template.
 *
 * <p>A build holds a session-level advisory lock derived from the name, so that parallel JVMs build it once;
 * the others wait and then find it complete. It ends by marking the database a template that accepts no
 * connections, and writes the completion marker ({@code COMMENT ON DATABASE}) last: a template without the marker
 * was half-built by a JVM that died, and is dropped and built again.
 */
public final class Templates {
    /** Comment of a complete template, followed by its key. */
    public static final String COMPLETE_MARKER = "migrator-fixtures template ";

    private static final String BUILDING_MARKER = "migrator-fixtures building ";
    private static final Logger LOG = LoggerFactory.getLogger(Templates.class);
    private static final Duration LOCK_WAIT = Duration.ofMinutes(10);
    private static final Duration LOCK_LOG_INTERVAL = Duration.ofSeconds(10);

    private final Server server;
    private final DatabaseOps ops;
    private final Map<String, CompletableFuture<Template>> templates = new ConcurrentHashMap<>();

    Templates(Server server, DatabaseOps ops) {
        this.server = server;
        this.ops = ops;
    }

    /**
     * The complete template for {@code options}, building it when no JVM has.
     *
     * @throws io.lucidity.migrator.MigratorException when a migration or seed fails, as Migrator reports it
     */
    public Template template(FixtureOptions options) {
        String key = key(options);
        CompletableFuture<Template> mine = new CompletableFuture<>();
        CompletableFuture<Template> existing = templates.putIfAbsent(key, mine);
        if (existing != null) {
            try {
                return existing.join();
            } catch (CompletionException e) {
                throw new FixtureException(
                        "The template for " + options.describe() + " failed to build earlier in "
                                + "this test run; the first failure was:\n"
                                + e.getCause().getMessage(),
                        e.getCause());
            }
        }
        try {
            Template template = ensure(key, options);
            mine.complete(template);
            return template;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** The content key of the template for {@code options} (reads the migration and seed files). */
    public String key(FixtureOptions options) {
        String fingerprint;
        List<String> extensions;
        try (Migrator migrator = options.configure(server.dataSource(server.maintenanceDatabase()))
                .load()) {
            fingerprint = migrator.fingerprint();
            extensions = migrator.config().extensions().stream()
                    .map(ExtensionRequirement::name)
                    .toList();
        }
        Map<String, String> extensionVersions;
        try {
            extensionVersions = ops.maintenance().call(c -> ServerFacts.extensionVersions(c, extensions));
        } catch (SQLException e) {
            throw new FixtureException(
                    "Could not read the available extensions from " + server + ": " + e.getMessage(), e);
        }
        String text = "migrator-test-fixtures template 1\n"
                + "fingerprint " + fingerprint + "\n"
                + "revision " + options.revision().toLowerCase(Locale.ROOT) + "\n"
                + "server " + ops.facts().version() + "\n"
                + "extensions " + extensionVersions + "\n"
                + "migrator " + Versions.migrator() + "\n"
                + "fixtures " + Versions.fixtures() + "\n";
        return sha256(text);
    }

    /** The template name of a key. */
    public static String nameOf(String key) {
        return DatabaseNames.TEMPLATE_PREFIX + key.substring(0, 24);
    }

    private Template ensure(String key, FixtureOptions options) {
        String name = nameOf(key);
        if (state(name, key) == State.COMPLETE) {
            LOG.debug("[migrator-fixtures] Template {} is already built", name);
            return new Template(name, key, Duration.ZERO);
        }
        long start = System.nanoTime();
        try (Connection lock = server.dataSource(server.maintenanceDatabase()).getConnection()) {
            long lockKey = lockKey(name);
            acquire(lock, lockKey, name);
            try {
                State state = state(name, key);
                if (state == State.COMPLETE) {
                    LOG.info("[migrator-fixtures] Template {} was built by another test JVM meanwhile", name);
                    return new Template(name, key, Duration.ZERO);
                }
                if (state == State.HALF_BUILT) {
                    LOG.warn(
                            "[migrator-fixtures] Template {} is half-built (its build was interrupted): "
                                    + "dropping and building it again",
                            name);
                    dropTemplate(name);
                }
                build(name, key, options);
            } finally {
                Sql.strings(lock, "SELECT pg_advisory_unlock(?)", lockKey);
            }
        } catch (SQLException e) {
            throw new FixtureException(
                    "Could not build the template " + name + " on " + server + ": " + e.getMessage() + " (SQLState "
                            + e.getSQLState() + ")",
                    e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        LOG.info("[migrator-fixtures] Built template {} ({}) in {} ms", name, options.describe(), took.toMillis());
        return new Template(name, key, took);
    }

    /** Whether a template is there and complete. */
    enum State {
        ABSENT,
        HALF_BUILT,
        COMPLETE
    }

    State state(String name, String key) {
        try {
            List<Map<String, Object>> rows = ops.maintenance()
                    .call(c -> Sql.query(
                            c,
                            "SELECT datallowconn, shobj_description(oid, 'pg_database') AS comment "
                                    + "FROM pg_database WHERE datname = ?",
                            name));
            if (rows.isEmpty()) {
                return State.ABSENT;
            }
            boolean complete = Boolean.FALSE.equals(rows.get(0).get("datallowconn"))
                    && (COMPLETE_MARKER + key).equals(rows.get(0).get("comment"));
            return complete ? State.COMPLETE : State.HALF_BUILT;
        } catch (SQLException e) {
            throw new FixtureException("Could not look up the template " + name + ": " + e.getMessage(), e);
        }
    }

    private void build(String name, String key, FixtureOptions options) throws SQLException {
        LOG.info("[migrator-fixtures] Building template {} ({})", name, options.describe());
        ops.createEmpty(name);
        ops.comment(
                name, BUILDING_MARKER + key + " by pid " + DatabaseNames.self().pid());
        try (Migrator migrator = options.configure(server.dataSource(name)).load()) {
            // Quiet: every test run would repeat each "Applying ..." line; they are logged at debug instead.
            UpgradeReport report = QuietLogs.during(
                    () -> options.atHead() ? migrator.upgradeToHead() : migrator.upgradeTo(options.revision()));
            if (LOG.isDebugEnabled()) {
                report.migrations()
                        .forEach(m -> LOG.debug(
                                "[migrator-fixtures] Template {}: applied {} {} ({} ms)",
                                name,
                                m.version() == null ? "R" : "V" + m.version(),
                                m.description(),
                                m.duration().toMillis()));
                LOG.debug("[migrator-fixtures] Template {}: {}", name, report.summary());
            }
        } catch (RuntimeException e) {
            dropQuietly(name);
            throw e;
        }
        ops.maintenance().call(c -> {
            try (Connection target = server.dataSource(name).getConnection()) {
                Sql.execute(target, "ANALYZE");
            }
            Sql.strings(
                    c,
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            + "WHERE datname = ? AND pid <> pg_backend_pid()",
                    name);
            freeze(c, name);
            Sql.execute(c, "COMMENT ON DATABASE " + Sql.ident(name) + " IS " + Sql.literal(COMPLETE_MARKER + key));
            return null;
        });
    }

    /** IS_TEMPLATE needs a superuser on some versions; the owner can still clone a database it owns. */
    private static void freeze(Connection c, String name) throws SQLException {
        try {
            Sql.execute(c, "ALTER DATABASE " + Sql.ident(name) + " WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
        } catch (SQLException e) {
            if (!"42501".equals(e.getSQLState())) {
                throw e;
            }
            Sql.execute(c, "ALTER DATABASE " + Sql.ident(name) + " WITH ALLOW_CONNECTIONS false");
        }
    }

    private void dropTemplate(String name) throws SQLException {
        ops.maintenance().call(c -> {
            try {
                Sql.execute(c, "ALTER DATABASE " + Sql.ident(name) + " WITH IS_TEMPLATE false");
            } catch (SQLException e) {
                LOG.debug("[migrator-fixtures] {} is not marked as a template: {}", name, e.getMessage());
            }
            return null;
        });
        ops.drop(name);
    }

    private void dropQuietly(String name) {
        try {
            dropTemplate(name);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("[migrator-fixtures] Could not drop the failed template {}: {}", name, e.getMessage());
        }
    }

    private void acquire(Connection c, long key, String name) throws SQLException {
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        long nextLog = System.nanoTime() + LOCK_LOG_INTERVAL.toNanos();
        while (!"t".equals(Sql.string(c, "SELECT pg_try_advisory_lock(?)", key))) {
            if (System.nanoTime() > deadline) {
                throw new FixtureException("Waited " + LOCK_WAIT.toMinutes() + " minutes for another test JVM to "
                        + "build the template " + name + "; it holds the build lock: " + holder(c, key)
                        + ". If that JVM hangs, end it; its lock ends with its connection.");
            }
            if (System.nanoTime() > nextLog) {
                LOG.info(
                        "[migrator-fixtures] Waiting for another test JVM to build the template {}: {}",
                        name,
                        holder(c, key));
                nextLog = System.nanoTime() + LOCK_LOG_INTERVAL.toNanos();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FixtureException("Interrupted while waiting for the template build lock of " + name, e);
            }
        }
    }

    private static String holder(Connection c, long key) throws SQLException {
        String holder = Sql.string(
                c,
                "SELECT 'pid ' || a.pid || ', application ' || coalesce(a.application_name, '') "
                        + "|| ', client ' || coalesce(host(a.client_addr), 'local') || ', since ' || a.backend_start "
                        + "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' "
                        + "AND l.granted AND l.classid = ?::oid AND l.objid = ?::oid AND l.objsubid = 1",
                Long.toString(key >>> 32),
                Long.toString(key & 0xffffffffL));
        return holder == null ? "unknown session" : holder;
    }

    private static long lockKey(String name) {
        return ByteBuffer.wrap(digest("migrator-fixtures-template:" + name)).getLong();
    }

    private static String sha256(String text) {
        return HexFormat.of().formatHex(digest(text));
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
