package io.lucidity.migrator.testing.internal;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of test databases: {@code migt_<host>_<pid>_<start>_<n>} — a hash of the creating machine's host name,
 * the creating JVM's pid and start time (epoch seconds, base 36), and a counter. From the name alone the sweeper
 * tells whether the JVM that created a database is still running. Templates are {@code migtpl_<key>}.
 */
public final class DatabaseNames {
    /** Prefix of test databases. */
    public static final String TEST_PREFIX = "migt_";
    /** Prefix of template databases. */
    public static final String TEMPLATE_PREFIX = "migtpl_";

    private static final Pattern TEST_NAME = Pattern.compile("migt_([0-9a-f]{6})_(\\d+)_([0-9a-z]+)_([0-9a-z]+)");

    /** The JVM a database belongs to. */
    public record Owner(String host, long pid, long startSeconds) {
        /** The name prefix of this JVM's databases. */
        String prefix() {
            return TEST_PREFIX + host + "_" + pid + "_" + Long.toString(startSeconds, 36) + "_";
        }
    }

    private static final Owner SELF =
            new Owner(hostHash(), ProcessHandle.current().pid(), startSeconds(ProcessHandle.current()));

    private final AtomicLong counter = new AtomicLong();

    /** This JVM. */
    public static Owner self() {
        return SELF;
    }

    /** A new unique name of a test database of this JVM. */
    public String next() {
        return SELF.prefix() + Long.toString(counter.incrementAndGet(), 36);
    }

    /** The owner encoded in a test database's name, or empty when the name is not one of ours. */
    public static Optional<Owner> parse(String name) {
        Matcher m = TEST_NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Owner(m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3), 36)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A test database name of any owner (for tests of the sweeper). */
    public static String nameOf(Owner owner, long n) {
        return owner.prefix() + Long.toString(n, 36);
    }

    /** Whether the JVM of {@code owner}, on this machine, is still running (the same pid, started at the same second). */
    static boolean alive(Owner owner) {
        return ProcessHandle.of(owner.pid())
                .map(p -> p.info()
                        .startInstant()
                        .map(s -> Math.abs(s.getEpochSecond() - owner.startSeconds()) <= 2)
                        .orElse(true))
                .orElse(false);
    }

    static long startSeconds(ProcessHandle process) {
        return process.info().startInstant().orElse(Instant.now()).getEpochSecond();
    }

    private static String hostName() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname"))
                    .trim();
        } catch (java.io.IOException | RuntimeException notLinux) {
            String env = System.getenv("HOSTNAME") != null ? System.getenv("HOSTNAME") : System.getenv("COMPUTERNAME");
            if (env != null) {
                return env;
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                return "localhost";
            }
        }
    }

    private static String hostHash() {
        String host = hostName();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(host.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
