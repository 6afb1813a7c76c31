package io.lucidity.migrator.internal.resolve;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.InvalidMigrationException;
import io.lucidity.migrator.internal.Facts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the files of a location, recursively, from the file system, classpath directories and jars
 * (including nested jars whose URLs answer with a {@link JarURLConnection}, as Spring Boot's do).
 * Hidden files (starting with a dot) are left out.
 */
public final class ResourceScanner {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceScanner.class);

    private ResourceScanner() {
    }

    /**
     * The files of {@code location}, sorted by relative path; the first of two equal relative paths wins
     * (classpath order). A missing classpath location yields no files and a warning when {@code warnIfMissing}.
     *
     * @throws InvalidMigrationException when a filesystem location does not exist or a file cannot be read
     */
    public static List<ScannedFile> scan(Location location, ClassLoader loader, boolean warnIfMissing) {
        Map<String, ScannedFile> files = new LinkedHashMap<>();
        if (location.filesystem()) {
            Path root = Path.of(location.path());
            if (!Files.isDirectory(root)) {
                throw new InvalidMigrationException(DiagnosticCode.UNREADABLE_FILE,
                        "The location " + location + " is not a directory.",
                        Facts.of("location", location).and("absolute path", root.toAbsolutePath()).map(),
                        "Create the directory, or correct the location (locations / seeds setting).", null);
            }
            walk(location, root, files);
        } else {
            scanClasspath(location, loader, files);
        }
        if (files.isEmpty() && warnIfMissing) {
            LOG.warn("[migrator] No files found in {}", location);
        }
        return files.values().stream()
                .sorted((a, b) -> a.relativePath().compareTo(b.relativePath()))
                .toList();
    }

    private static void scanClasspath(Location location, ClassLoader loader, Map<String, ScannedFile> files) {
        try {
            Enumeration<URL> roots = loader.getResources(location.path());
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                if ("file".equals(root.getProtocol())) {
                    walk(location, Path.of(root.toURI()), files);
                } else {
                    URLConnection connection = root.openConnection();
                    if (connection instanceof JarURLConnection jar) {
                        scanJar(location, jar, files);
                    } else {
                        LOG.warn("[migrator] Cannot list {} (protocol {}); its files are not scanned", root, root.getProtocol());
                    }
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw unreadable(location, location.toString(), e);
        }
    }

    private static void scanJar(Location location, JarURLConnection connection, Map<String, ScannedFile> files)
            throws IOException {
        JarFile jar = connection.getJarFile();
        String prefix = connection.getEntryName();
        prefix = prefix == null || prefix.isEmpty() ? "" : (prefix.endsWith("/") ? prefix : prefix + "/");
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
            JarEntry entry = entries.nextElement();
            String name = entry.getName();
            if (entry.isDirectory() || !name.startsWith(prefix)) {
                continue;
            }
            String relative = name.substring(prefix.length());
            if (isHidden(relative) || files.containsKey(relative)) {
                continue;
            }
            try (InputStream in = jar.getInputStream(entry)) {
                files.put(relative, new ScannedFile(location, relative, in.readAllBytes()));
            }
        }
    }

    private static void walk(Location location, Path root, Map<String, ScannedFile> files) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.filter(Files::isRegularFile).forEach(file -> {
                String relative = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (!isHidden(relative) && !files.containsKey(relative)) {
                    files.put(relative, new ScannedFile(location, relative, read(location, file)));
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw unreadable(location, root.toString(), e);
        }
    }

    private static byte[] read(Location location, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw unreadable(location, file.toString(), e);
        }
    }

    private static boolean isHidden(String relativePath) {
        for (String part : relativePath.split("/")) {
            if (part.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static InvalidMigrationException unreadable(Location location, String what, Exception e) {
        return new InvalidMigrationException(DiagnosticCode.UNREADABLE_FILE,
                "The location " + location + " cannot be read.",
                Facts.of("location", location).and("path", what).and("error", e.toString()).map(),
                "Check that the location exists and is readable.", e);
    }
}
