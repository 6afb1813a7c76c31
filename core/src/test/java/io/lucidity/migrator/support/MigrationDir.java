package io.lucidity.migrator.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Migration and seed files written into a temp directory, used through {@code filesystem:} locations. */
public final class MigrationDir implements AutoCloseable {
    private final Path root;

    public MigrationDir() {
        try {
            root = Files.createTempDirectory("migrator-test-");
            Files.createDirectories(root.resolve("migration"));
            Files.createDirectories(root.resolve("seed"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes (or overwrites) a migration file. */
    public MigrationDir migration(String name, String sql) {
        return write(root.resolve("migration").resolve(name), sql.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes raw bytes as a migration file. */
    public MigrationDir migrationBytes(String name, byte[] content) {
        return write(root.resolve("migration").resolve(name), content);
    }

    /** Writes (or overwrites) a seed file. */
    public MigrationDir seed(String name, String content) {
        return write(root.resolve("seed").resolve(name), content.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes raw bytes as a seed file. */
    public MigrationDir seedBytes(String name, byte[] content) {
        return write(root.resolve("seed").resolve(name), content);
    }

    /** Deletes a migration file. */
    public MigrationDir removeMigration(String name) {
        try {
            Files.deleteIfExists(root.resolve("migration").resolve(name));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String location() {
        return "filesystem:" + root.resolve("migration");
    }

    public String seedLocation() {
        return "filesystem:" + root.resolve("seed");
    }

    public Path root() {
        return root;
    }

    private MigrationDir write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
