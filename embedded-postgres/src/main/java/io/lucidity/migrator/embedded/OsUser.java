package io.lucidity.migrator.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The operating-system user that runs the PostgreSQL binaries. PostgreSQL refuses to run as root,
 * so a root JVM runs them as the unprivileged {@code postgres} user (through {@code runuser}, or
 * {@code su} where {@code runuser} is missing); any other JVM runs them as itself.
 */
final class OsUser {

    static final String POSTGRES = "postgres";
    private static final Duration ID_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final Path switcher;

    private OsUser(String name, Path switcher) {
        this.name = name;
        this.switcher = switcher;
    }

    /**
     * Picks the user for this JVM.
     *
     * @throws EmbeddedPostgresException when the JVM is root and there is no usable {@code postgres}
     *     user or no {@code runuser}/{@code su}
     */
    static OsUser detect() {
        if (!jvmIsRoot()) {
            return new OsUser(System.getProperty("user.name"), null);
        }
        requirePostgresUser();
        Path switcher = findExecutable("runuser")
                .or(() -> findExecutable("su"))
                .orElseThrow(() -> new EmbeddedPostgresException("The JVM runs as root and PostgreSQL "
                        + "refuses to run as root, but neither `runuser` nor `su` was found to run it as the "
                        + "'postgres' user. Install util-linux (Debian: `sudo apt-get install util-linux`), "
                        + "or run the JVM as a non-root user."));
        return new OsUser(POSTGRES, switcher);
    }

    /** The user's login name. */
    String name() {
        return name;
    }

    /** Tells whether commands run as another user than the JVM's. */
    boolean switchesUser() {
        return switcher != null;
    }

    /** Wraps a command so that it runs as this user. */
    List<String> wrap(List<String> command) {
        if (switcher == null) {
            return List.copyOf(command);
        }
        List<String> wrapped = new ArrayList<>();
        wrapped.add(switcher.toString());
        if (switcher.getFileName().toString().equals("runuser")) {
            wrapped.addAll(List.of("-u", name, "--"));
            wrapped.addAll(command);
        } else {
            wrapped.addAll(List.of("-s", "/bin/sh", name, "-c", shellQuote(command)));
        }
        return wrapped;
    }

    /** Hands a file or (empty) directory created by the JVM over to this user. */
    void takeOwnership(Path path) {
        if (switcher == null) {
            return;
        }
        try {
            Files.setOwner(path, lookup(name));
        } catch (IOException e) {
            throw new EmbeddedPostgresException(
                    "Could not hand " + path + " over to the '" + name + "' OS user: " + e.getMessage(), e);
        }
    }

    static boolean jvmIsRoot() {
        if ("root".equals(System.getProperty("user.name"))) {
            return true;
        }
        try {
            ProcessResult id = Processes.run(List.of("id", "-u"), Map.of(), null, ID_TIMEOUT);
            return id.succeeded() && id.stdout().trim().equals("0");
        } catch (EmbeddedPostgresException e) {
            return false;
        }
    }

    private static void requirePostgresUser() {
        try {
            lookup(POSTGRES);
        } catch (UserPrincipalNotFoundException e) {
            throw new EmbeddedPostgresException(
                    "The JVM runs as root and PostgreSQL refuses to run as "
                            + "root, but there is no 'postgres' OS user to run it as. Install the PostgreSQL server "
                            + "package (Debian: `sudo apt-get install postgresql`, which creates that user), create "
                            + "it (`sudo useradd --system --create-home postgres`), or run the JVM as a non-root "
                            + "user.",
                    e);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("Could not look up the 'postgres' OS user: " + e.getMessage(), e);
        }
    }

    private static UserPrincipal lookup(String user) throws IOException {
        UserPrincipalLookupService users = Path.of("/").getFileSystem().getUserPrincipalLookupService();
        return users.lookupPrincipalByName(user);
    }

    static Optional<Path> findExecutable(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.concat(Stream.of(path.split(":")), Stream.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }

    static String shellQuote(List<String> command) {
        return command.stream()
                .map(arg -> "'" + arg.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
    }
}
