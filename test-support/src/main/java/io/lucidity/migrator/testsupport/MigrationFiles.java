package io.lucidity.migrator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Migration and seed files in a temporary directory ({@code migration/} and {@code seed/}), handed over as
 * {@code filesystem:} locations. Deleted on close, and at the latest when the test JVM exits.
 */
public final class MigrationFiles implements AutoCloseable {
    private static final List<Path> OPEN = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> OPEN.forEach(MigrationFiles::deleteTree), "delete-migration-files"));
    }

    private final Path root;

    public MigrationFiles() {
        try {
            root = Files.createTempDirectory("migrator-test-");
            OPEN.add(root);
            Files.createDirectories(root.resolve("migration"));
            Files.createDirectories(root.resolve("seed"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes (or overwrites) a migration file, e.g. {@code V1__create_t.sql}; the name may hold a sub-directory. */
    public MigrationFiles migration(String name, String sql) {
        return migration(name, sql.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes raw bytes as a migration file. */
    public MigrationFiles migration(String name, byte[] content) {
        write(root.resolve("migration").resolve(name), content);
        return this;
    }

    /** Deletes a migration file. */
    public MigrationFiles removeMigration(String name) {
        delete(root.resolve("migration").resolve(name));
        return this;
    }

    /** Writes (or overwrites) a seed file, e.g. {@code 01_config.sql}. */
    public MigrationFiles seed(String name, String content) {
        return seed(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes raw bytes as a seed file. */
    public MigrationFiles seed(String name, byte[] content) {
        write(root.resolve("seed").resolve(name), content);
        return this;
    }

    /** Deletes a seed file. */
    public MigrationFiles removeSeed(String name) {
        delete(root.resolve("seed").resolve(name));
        return this;
    }

    /** Removes every migration and seed file. */
    public MigrationFiles clear() {
        for (String dir : new String[] {"migration", "seed"}) {
            try (Stream<Path> paths = Files.walk(root.resolve(dir))) {
                paths.sorted(Comparator.reverseOrder())
                        .filter(p -> !p.equals(root.resolve(dir)))
                        .forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    /** {@code filesystem:<dir>} of the migrations. */
    public String locations() {
        return "filesystem:" + root.resolve("migration");
    }

    /** {@code filesystem:<dir>} of the seeds. */
    public String seeds() {
        return "filesystem:" + root.resolve("seed");
    }

    /** {@code MIGRATOR_LOCATIONS} and {@code MIGRATOR_SEEDS} for these files. */
    public Map<String, String> env() {
        return Map.of("MIGRATOR_LOCATIONS", locations(), "MIGRATOR_SEEDS", seeds());
    }

    /** The temporary directory, holding {@code migration/} and {@code seed/}. */
    public Path root() {
        return root;
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        OPEN.remove(root);
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort at exit: a leftover temporary directory harms nothing
        }
    }
}
