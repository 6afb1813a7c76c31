package io.lucidity.migrator.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL cluster in a temporary directory, run with the binaries of one bin directory as
 * one OS user: {@code initdb}, configuration, {@code pg_ctl} start/stop/restart and deletion.
 *
 * <p>A running cluster cannot outlive its JVM. A watcher ({@code /bin/sh}, started with the
 * server) waits for end-of-file on a pipe from this JVM: when the JVM ends in any way, even by
 * SIGKILL, the pipe closes and the watcher shuts the server down immediately (SIGQUIT to the
 * postmaster), as Testcontainers' Ryuk does for containers. The data directory names its JVM
 * ({@value #OWNER_FILE}); the next start stops whatever server a dead JVM left running there
 * and deletes the directory.
 */
final class LocalCluster {

    static final String HOST = "127.0.0.1";
    static final String SUPERUSER = "postgres";

    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
    private static final String CONFIG_FILE = "migrator.conf";
    private static final String LOG_FILE = "server.log";
    static final String OWNER_FILE = "migrator-owner";
    private static final String DIRECTORY_PREFIX = "migrator-pg-";
    /** Waits for end-of-file on its stdin, then shuts the postmaster of the directory $0 down. */
    private static final String WATCHER_SCRIPT = "while read -r line; do :; done; "
            + "pid=$(head -n 1 \"$0/postmaster.pid\" 2>/dev/null); "
            + "[ -n \"$pid\" ] && kill -QUIT \"$pid\" 2>/dev/null; exit 0";

    private static final int START_ATTEMPTS = 5;
    private static final int LOG_TAIL_LINES = 30;
    private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration PG_CTL_TIMEOUT = Duration.ofSeconds(90);

    private final Path binDirectory;
    private final Path dataDirectory;
    private final OsUser osUser;
    private final Map<String, String> extraSettings;
    private volatile int port;
    /** The watcher; its stdin is the pipe whose end tells it this JVM is gone. Held, never closed. */
    private Process watcher;

    private LocalCluster(Path binDirectory, Path dataDirectory, OsUser osUser, Map<String, String> extraSettings) {
        this.binDirectory = binDirectory;
        this.dataDirectory = dataDirectory;
        this.osUser = osUser;
        this.extraSettings = Map.copyOf(extraSettings);
    }

    /**
     * Creates, configures and starts a new cluster on a free port. On failure, everything created
     * so far is deleted again.
     */
    static LocalCluster start(Path binDirectory, Map<String, String> settings, String password) {
        OsUser osUser = OsUser.detect();
        Path dataDirectory = createDataDirectory(osUser);
        LocalCluster cluster = new LocalCluster(binDirectory, dataDirectory, osUser, settings);
        try {
            cluster.initdb(password);
            cluster.writeOwner();
            cluster.configureAccess();
            cluster.startOnFreePort();
            cluster.startWatcher();
            return cluster;
        } catch (RuntimeException e) {
            cluster.destroy();
            throw e;
        }
    }

    int port() {
        return port;
    }

    Path binDirectory() {
        return binDirectory;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    String osUser() {
        return osUser.name();
    }

    /** Starts the stopped server again, on the same port and data. */
    void start() {
        ProcessResult result = pgCtl("start");
        if (!result.succeeded()) {
            throw startFailure(result);
        }
    }

    /** Stops the server ({@code pg_ctl stop -m fast}). */
    void stop() {
        requireSuccess(pgCtl("stop", "-m", "fast"), "stop");
    }

    /** Restarts the server ({@code pg_ctl restart -m fast}). */
    void restart() {
        ProcessResult result = pgCtl("restart", "-m", "fast");
        if (!result.succeeded()) {
            throw startFailure(result);
        }
    }

    /** Stops the server if it runs ({@code -m immediate}) and deletes the data directory. */
    void destroy() {
        stopWatcher();
        if (Files.exists(dataDirectory.resolve("postmaster.pid"))) {
            ProcessResult result = pgCtl("stop", "-m", "immediate");
            if (!result.succeeded()) {
                LOG.warn(
                        "[embedded-postgres] pg_ctl stop failed: {}",
                        result.stderr().trim());
            }
        }
        deleteRecursively(dataDirectory);
    }

    /**
     * Runs a binary of the bin directory as the cluster's OS user, in the data directory's parent.
     *
     * @param args the binary's name and its arguments
     * @param environment variables to set for it
     * @param timeout how long it may run
     */
    ProcessResult runBinary(List<String> args, Map<String, String> environment, Duration timeout) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("args must name a binary of " + binDirectory);
        }
        Path binary = binDirectory.resolve(args.get(0));
        if (!binary.normalize().startsWith(binDirectory) || !Files.isExecutable(binary)) {
            throw new EmbeddedPostgresException("There is no PostgreSQL binary '" + args.get(0)
                    + "' in " + binDirectory + ". Install the PostgreSQL client and server packages "
                    + "(Debian: `sudo apt-get install postgresql`).");
        }
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(args.subList(1, args.size()));
        return Processes.run(osUser.wrap(command), environment, dataDirectory.getParent(), timeout);
    }

    // --- the watcher and the owner of a directory ----------------------------------------------

    private void writeOwner() {
        ProcessHandle self = ProcessHandle.current();
        long start =
                self.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
        Path file = dataDirectory.resolve(OWNER_FILE);
        try {
            Files.writeString(file, self.pid() + " " + start + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("Could not write " + file + ": " + e.getMessage(), e);
        }
    }

    private void startWatcher() {
        try {
            watcher = new ProcessBuilder("/bin/sh", "-c", WATCHER_SCRIPT, dataDirectory.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            LOG.warn(
                    "[embedded-postgres] Could not start the watcher that stops PostgreSQL if this JVM "
                            + "is killed ({}); a killed JVM's server then runs until the next start stops it.",
                    e.getMessage());
        }
    }

    /** Ends the watcher first, so that it cannot signal a pid the stopped server gave up. */
    private void stopWatcher() {
        Process w = watcher;
        if (w != null) {
            w.destroy();
            try {
                w.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Stops the servers that test JVMs no longer running left in {@code migrator-pg-*} directories
     * under the temp directory (their watcher did not, e.g. it was killed too), then deletes the
     * directories.
     *
     * @return the directories deleted
     */
    static List<Path> sweepOrphans(Path binDirectory) {
        List<Path> deleted = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(tempRoot())) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                if (dir.getFileName().toString().startsWith(DIRECTORY_PREFIX)
                        && Files.isRegularFile(dir.resolve(OWNER_FILE))
                        && ownerGone(dir.resolve(OWNER_FILE))) {
                    boolean running = Files.exists(dir.resolve("postmaster.pid"));
                    new LocalCluster(binDirectory, dir, OsUser.detect(), Map.of()).destroy();
                    LOG.info(
                            "[embedded-postgres] {} {}, left by a test JVM that ended without stopping it",
                            running ? "Stopped the server of and deleted" : "Deleted",
                            dir);
                    deleted.add(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "[embedded-postgres] Could not look for servers left by ended test JVMs in {}: {}",
                    tempRoot(),
                    e.toString());
        }
        return deleted;
    }

    /** Whether the JVM named in an owner file (pid, start in epoch ms) has ended; unreadable: no. */
    private static boolean ownerGone(Path ownerFile) {
        try {
            String[] parts =
                    Files.readString(ownerFile, StandardCharsets.UTF_8).trim().split(" ");
            long pid = Long.parseLong(parts[0]);
            long start = parts.length > 1 ? Long.parseLong(parts[1]) : 0;
            return ProcessHandle.of(pid)
                    .map(h -> h.info()
                            .startInstant()
                            .map(i -> start != 0 && Math.abs(i.toEpochMilli() - start) >= 2000)
                            .orElse(false))
                    .orElse(true);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    // --- creation -------------------------------------------------------------------------------

    private static Path createDataDirectory(OsUser osUser) {
        try {
            Path dir = Files.createTempDirectory(tempRoot(), DIRECTORY_PREFIX);
            osUser.takeOwnership(dir);
            return dir;
        } catch (IOException e) {
            throw new EmbeddedPostgresException(
                    "Could not create a temporary data directory under " + tempRoot() + ": " + e.getMessage()
                            + ". Check java.io.tmpdir.",
                    e);
        }
    }

    private static Path tempRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    private void initdb(String password) {
        Path passwordFile = writePasswordFile(password);
        try {
            ProcessResult result = runBinary(
                    List.of(
                            "initdb",
                            "-D",
                            dataDirectory.toString(),
                            "-U",
                            SUPERUSER,
                            "--auth-local=trust",
                            "--auth-host=scram-sha-256",
                            "--pwfile=" + passwordFile,
                            "-E",
                            "UTF8",
                            "--locale=C",
                            "--no-sync"),
                    Map.of(),
                    INITDB_TIMEOUT);
            if (!result.succeeded()) {
                throw new EmbeddedPostgresException("initdb failed (exit code " + result.exitCode()
                        + ") for " + dataDirectory + " as OS user '" + osUser.name() + "': "
                        + result.stderr().trim() + accessHint());
            }
        } finally {
            deleteQuietly(passwordFile);
        }
    }

    private String accessHint() {
        return osUser.switchesUser()
                ? " (the '" + osUser.name() + "' OS user must be able to reach " + dataDirectory
                        + "; every parent directory must be traversable by it, so choose a java.io.tmpdir "
                        + "such as /tmp)"
                : "";
    }

    private Path writePasswordFile(String password) {
        try {
            Path file = Files.createTempFile(
                    tempRoot(),
                    "migrator-pg-pw-",
                    ".txt",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
            osUser.takeOwnership(file);
            return file;
        } catch (IOException e) {
            throw new EmbeddedPostgresException(
                    "Could not write initdb's password file under " + tempRoot() + ": " + e.getMessage(), e);
        }
    }

    private void configureAccess() {
        append(
                dataDirectory.resolve("postgresql.conf"),
                "\n# Added by Migrator's embedded-postgres\ninclude '" + CONFIG_FILE + "'\n");
        append(
                dataDirectory.resolve("pg_hba.conf"),
                "\n# Added by Migrator's embedded-postgres\n"
                        + "host    replication     all             127.0.0.1/32            scram-sha-256\n");
    }

    // --- configuration and start ----------------------------------------------------------------

    private void startOnFreePort() {
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            writeSettings();
            ProcessResult result = pgCtl("start");
            if (result.succeeded()) {
                return;
            }
            if (attempt >= START_ATTEMPTS || !portWasTaken()) {
                throw startFailure(result);
            }
            LOG.info("[embedded-postgres] port {} was taken meanwhile, trying another one", port);
        }
    }

    private void writeSettings() {
        Path config = dataDirectory.resolve(CONFIG_FILE);
        StringBuilder text = new StringBuilder("# Written by Migrator's embedded-postgres\n");
        settings()
                .forEach((name, value) ->
                        text.append(name).append(" = ").append(quote(value)).append('\n'));
        try {
            Files.writeString(config, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
            osUser.takeOwnership(config);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("Could not write " + config + ": " + e.getMessage(), e);
        }
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("listen_addresses", HOST);
        settings.put("port", Integer.toString(port));
        settings.put("unix_socket_directories", dataDirectory.toString());
        settings.put("fsync", "off");
        settings.put("synchronous_commit", "off");
        settings.put("full_page_writes", "off");
        settings.put("max_connections", "200");
        settings.put("shared_buffers", "128MB");
        settings.put("max_prepared_transactions", "0");
        settings.put("wal_level", "replica");
        settings.put("max_wal_senders", "4");
        settings.putAll(extraSettings);
        return settings;
    }

    private static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EmbeddedPostgresException("Could not find a free TCP port on " + HOST + ": " + e.getMessage(), e);
        }
    }

    private boolean portWasTaken() {
        String tail = logTail();
        return tail.contains("could not bind")
                || tail.contains("Address already in use")
                || tail.contains("could not create any TCP/IP sockets");
    }

    private ProcessResult pgCtl(String action, String... options) {
        List<String> args = new ArrayList<>(List.of(
                "pg_ctl",
                "-D",
                dataDirectory.toString(),
                "-l",
                dataDirectory.resolve(LOG_FILE).toString(),
                "-w",
                "-t",
                "60",
                action));
        args.addAll(List.of(options));
        return runBinary(args, Map.of(), PG_CTL_TIMEOUT);
    }

    private EmbeddedPostgresException startFailure(ProcessResult result) {
        return new EmbeddedPostgresException("PostgreSQL failed to start on port " + port
                + " (pg_ctl exit code " + result.exitCode() + ", binaries " + binDirectory
                + ", data " + dataDirectory + "): " + output(result)
                + "\nLast lines of " + LOG_FILE + ":\n" + logTail());
    }

    private void requireSuccess(ProcessResult result, String action) {
        if (!result.succeeded()) {
            throw new EmbeddedPostgresException("pg_ctl " + action + " failed (exit code "
                    + result.exitCode() + ") for " + dataDirectory + ": " + output(result)
                    + "\nLast lines of " + LOG_FILE + ":\n" + logTail());
        }
    }

    private static String output(ProcessResult result) {
        return (result.stderr().trim() + "\n" + result.stdout().trim()).trim();
    }

    /** The last lines of the server log, or a note why there are none. */
    String logTail() {
        Path log = dataDirectory.resolve(LOG_FILE);
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no " + log + ": " + e.getMessage() + ")";
        }
    }

    // --- files ----------------------------------------------------------------------------------

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("Could not write " + file + ": " + e.getMessage(), e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(LocalCluster::deleteUnchecked);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("[embedded-postgres] could not delete {}: {}", dir, e.getMessage());
        }
    }

    private static void deleteUnchecked(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("[embedded-postgres] could not delete {}: {}", file, e.getMessage());
        }
    }
}
