package io.lucidity.migrator.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the directory holding the PostgreSQL server binaries ({@code initdb}, {@code pg_ctl}, {@code postgres}). */
final class BinaryLocator {

    static final String NOT_FOUND = "PostgreSQL server binaries (initdb, pg_ctl) not found. Install "
            + "the server (Debian: `sudo apt-get install postgresql`, or run "
            + "`sudo scripts/setup-postgres.sh` from the Migrator repository), set MIGRATOR_PG_BIN to its "
            + "bin directory, or point MIGRATOR_TEST_JDBC_URL at a running server.";

    private static final List<String> SERVER_BINARIES = List.of("initdb", "pg_ctl", "postgres");
    private static final Duration PG_CONFIG_TIMEOUT = Duration.ofSeconds(20);

    /** A parent directory whose versioned children may hold a {@code bin} directory. */
    private record Layout(String parent, String childPrefix) {}

    private static final List<Layout> LAYOUTS = List.of(
            new Layout("/usr/lib/postgresql", ""),
            new Layout("/usr", "pgsql-"),
            new Layout("/opt/homebrew/opt", "postgresql@"),
            new Layout("/usr/local/opt", "postgresql@"));
    private static final Path PLAIN_SOURCE_INSTALL = Path.of("/usr/local/pgsql/bin");

    private BinaryLocator() {}

    /**
     * Returns the bin directory to use.
     *
     * @param explicit the directory the caller chose, or {@code null} to look for one
     * @param environment where {@code MIGRATOR_PG_BIN} is read
     * @throws EmbeddedPostgresException with installation hints when no usable directory is found
     */
    static Path locate(Path explicit, Environment environment) {
        if (explicit != null) {
            return requireServerBinaries(explicit, "the configured bin directory");
        }
        String fromEnvironment = environment.get(Environment.PG_BIN);
        if (fromEnvironment != null) {
            return requireServerBinaries(Path.of(fromEnvironment), Environment.PG_BIN);
        }
        return fromPgConfig()
                .or(BinaryLocator::fromWellKnownLocations)
                .orElseThrow(() -> new EmbeddedPostgresException(NOT_FOUND + " Looked at: pg_config on "
                        + "PATH, /usr/lib/postgresql/*/bin, /usr/pgsql-*/bin, /usr/local/pgsql/bin, "
                        + "/opt/homebrew/opt/postgresql@*/bin, /usr/local/opt/postgresql@*/bin."));
    }

    static boolean hasServerBinaries(Path dir) {
        return SERVER_BINARIES.stream().allMatch(binary -> Files.isExecutable(dir.resolve(binary)));
    }

    private static Path requireServerBinaries(Path dir, String origin) {
        if (!hasServerBinaries(dir)) {
            throw new EmbeddedPostgresException(NOT_FOUND + " Looked in " + dir + " (" + origin + ").");
        }
        return dir.toAbsolutePath().normalize();
    }

    private static Optional<Path> fromPgConfig() {
        try {
            ProcessResult result = Processes.run(List.of("pg_config", "--bindir"), Map.of(), null, PG_CONFIG_TIMEOUT);
            if (!result.succeeded() || result.stdout().isBlank()) {
                return Optional.empty();
            }
            return Optional.of(Path.of(result.stdout().trim())).filter(BinaryLocator::hasServerBinaries);
        } catch (EmbeddedPostgresException e) {
            return Optional.empty(); // no pg_config on PATH
        }
    }

    private static Optional<Path> fromWellKnownLocations() {
        List<Candidate> candidates = new ArrayList<>();
        LAYOUTS.forEach(layout -> candidates.addAll(candidatesIn(layout)));
        candidates.add(new Candidate(PLAIN_SOURCE_INSTALL, new int[0]));
        return candidates.stream()
                .filter(candidate -> hasServerBinaries(candidate.bin()))
                .max(Comparator.comparing(Candidate::version, BinaryLocator::compareVersions))
                .map(Candidate::bin);
    }

    private record Candidate(Path bin, int[] version) {}

    private static List<Candidate> candidatesIn(Layout layout) {
        Path parent = Path.of(layout.parent());
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(parent)) {
            return children.filter(child -> child.getFileName().toString().startsWith(layout.childPrefix()))
                    .map(child -> new Candidate(
                            child.resolve("bin"),
                            parseVersion(child.getFileName()
                                    .toString()
                                    .substring(layout.childPrefix().length()))))
                    .filter(candidate -> candidate.version().length > 0)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Parses "15", "9.6" or "16.2" into its numeric parts; anything else gives an empty array. */
    static int[] parseVersion(String text) {
        if (!text.matches("\\d+(\\.\\d+)*")) {
            return new int[0];
        }
        return Stream.of(text.split("\\.")).mapToInt(Integer::parseInt).toArray();
    }

    static int compareVersions(int[] a, int[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int left = i < a.length ? a[i] : -1;
            int right = i < b.length ? b[i] : -1;
            if (left != right) {
                return Integer.compare(left, right);
            }
        }
        return 0;
    }
}
