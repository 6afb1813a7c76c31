package io.lucidity.migrator.testing.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Migration and seed files in a temp directory, used through {@code filesystem:} locations. */
public final class TempMigrations implements AutoCloseable {
    private final Path root;

    public TempMigrations() {
        try {
            root = Files.createTempDirectory("migrator-fixtures-test-");
            Files.createDirectories(root.resolve("migration"));
            Files.createDirectories(root.resolve("seed"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes (or overwrites) a migration file. */
    public TempMigrations migration(String name, String sql) {
        write(root.resolve("migration").resolve(name), sql);
        return this;
    }

    /** Writes (or overwrites) a seed file. */
    public TempMigrations seed(String name, String content) {
        write(root.resolve("seed").resolve(name), content);
        return this;
    }

    public String location() {
        return "filesystem:" + root.resolve("migration");
    }

    public String seedLocation() {
        return "filesystem:" + root.resolve("seed");
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
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
