package io.lucidity.migrator.reliability.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Migration and seed files in a temporary directory, handed over as {@code filesystem:} locations. */
public final class Scripts implements AutoCloseable {
    private final Path root;

    public Scripts() {
        try {
            root = Files.createTempDirectory("migrator-reliability-");
            Files.createDirectories(root.resolve("migration"));
            Files.createDirectories(root.resolve("seed"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes (or overwrites) a migration file; the name may hold a sub-directory. */
    public Scripts migration(String name, String sql) {
        return migration(name, sql.getBytes(StandardCharsets.UTF_8));
    }

    public Scripts migration(String name, byte[] content) {
        write(root.resolve("migration").resolve(name), content);
        return this;
    }

    public Scripts removeMigration(String name) {
        delete(root.resolve("migration").resolve(name));
        return this;
    }

    /** Writes (or overwrites) a seed file. */
    public Scripts seed(String name, String content) {
        return seed(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public Scripts seed(String name, byte[] content) {
        write(root.resolve("seed").resolve(name), content);
        return this;
    }

    public Scripts removeSeed(String name) {
        delete(root.resolve("seed").resolve(name));
        return this;
    }

    /** Removes every migration and seed file. */
    public Scripts clear() {
        for (String dir : new String[] {"migration", "seed"}) {
            try (Stream<Path> paths = Files.walk(root.resolve(dir))) {
                paths.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(root.resolve(dir))).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    public String locations() {
        return "filesystem:" + root.resolve("migration");
    }

    public String seeds() {
        return "filesystem:" + root.resolve("seed");
    }

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
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
