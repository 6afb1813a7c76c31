package io.lucidity.migrator.internal.resolve;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.internal.Facts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the files of a location, recursively, from the file system, classpath directories and jars
 * (including nested jars whose URLs answer with a {@link JarURLConnection}, as Spring Boot's do).
 * Hidden files (starting with a dot) are left out.
 *
 * <p>In a directory (a {@code filesystem:} location, or a classpath location in a directory), every other
 * entry is a regular file, a symbolic link to one (read through the link), or a directory; anything else is
 * refused, never skipped, and never opened (opening a FIFO would block the scan):
 * <ul>
 * <li>a symbolic link whose target does not exist: {@code MIGRATOR-UNREADABLE}, naming the target;</li>
 * <li>a FIFO, socket or device, or a link to one: {@code MIGRATOR-UNREADABLE};</li>
 * <li>a symbolic link to a directory: {@code MIGRATOR-UNREADABLE} (it is not followed, so its files would
 *     otherwise be missed);</li>
 * <li>a directory whose name is one the location's files have (as {@code V2__x.sql}):
 *     {@code MIGRATOR-INVALID-NAME}.</li>
 * </ul>
 * The location itself may be a symbolic link to a directory.
 */
public final class ResourceScanner {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceScanner.class);

    private ResourceScanner() {}

    /**
     * The files of {@code location}, sorted by relative path; the first of two equal relative paths wins
     * (classpath order). A missing classpath location yields no files and a warning when {@code warnIfMissing}.
     *
     * @param fileName true for a name that the location's files have; a directory of such a name is refused
     * @param setting  the setting the location comes from, in the front end's words (for remedies)
     * @throws MigratorException when a filesystem location does not exist, a file cannot be read, or an
     *                                   entry is not a file or directory (see above)
     */
    public static List<ScannedFile> scan(
            Location location, ClassLoader loader, boolean warnIfMissing, Predicate<String> fileName, String setting) {
        Map<String, ScannedFile> files = new LinkedHashMap<>();
        if (location.filesystem()) {
            Path root = Path.of(location.path());
            if (!Files.isDirectory(root)) {
                throw MigratorException.of(
                        DiagnosticCode.UNREADABLE_FILE,
                        "The location " + location + " is not a directory.",
                        Facts.of("location", location)
                                .and("absolute path", root.toAbsolutePath())
                                .map(),
                        "Create the directory, or correct the location (" + setting + ").",
                        null);
            }
            walk(location, root, fileName, files, setting);
        } else {
            scanClasspath(location, loader, fileName, files, setting);
        }
        if (files.isEmpty() && warnIfMissing) {
            LOG.warn("[migrator] No files found in {}", location);
        }
        return files.values().stream()
                .sorted((a, b) -> a.relativePath().compareTo(b.relativePath()))
                .toList();
    }

    private static void scanClasspath(
            Location location,
            ClassLoader loader,
            Predicate<String> fileName,
            Map<String, ScannedFile> files,
            String setting) {
        try {
            Enumeration<URL> roots = loader.getResources(location.path());
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                if ("file".equals(root.getProtocol())) {
                    walk(location, Path.of(root.toURI()), fileName, files, setting);
                } else {
                    URLConnection connection = root.openConnection();
                    if (connection instanceof JarURLConnection jar) {
                        scanJar(location, jar, files);
                    } else {
                        LOG.warn(
                                "[migrator] Cannot list {} (protocol {}); its files are not scanned",
                                root,
                                root.getProtocol());
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

    private static void walk(
            Location location, Path root, Predicate<String> fileName, Map<String, ScannedFile> files, String setting) {
        try {
            Path start = root.toRealPath();
            try (Stream<Path> paths = Files.walk(start)) {
                paths.filter(path -> !path.equals(start)).forEach(path -> {
                    String relative = start.relativize(path)
                            .toString()
                            .replace(path.getFileSystem().getSeparator(), "/");
                    if (!isHidden(relative)
                            && !files.containsKey(relative)
                            && isFile(location, path, relative, fileName, setting)) {
                        files.put(relative, new ScannedFile(location, relative, read(location, path)));
                    }
                });
            }
        } catch (IOException | UncheckedIOException e) {
            throw unreadable(location, root.toString(), e);
        }
    }

    /**
     * True for a regular file or a link to one, false for a directory to descend into; refuses anything else
     * (see the class comment). Reads only the entry's attributes: nothing is opened.
     */
    private static boolean isFile(
            Location location, Path path, String relative, Predicate<String> fileName, String setting) {
        try {
            BasicFileAttributes own = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (own.isRegularFile()) {
                return true;
            }
            if (own.isDirectory()) {
                if (fileName.test(path.getFileName().toString())) {
                    throw notAFile(
                            DiagnosticCode.INVALID_NAME,
                            location,
                            relative,
                            "a directory",
                            "Rename the directory, or move the file it holds up into the location: " + path + ".");
                }
                return false;
            }
            if (own.isSymbolicLink()) {
                return isLinkToAFile(location, path, relative, setting);
            }
            throw notAFile(
                    DiagnosticCode.UNREADABLE_FILE,
                    location,
                    relative,
                    special(path) + ", not a regular file",
                    "Remove it (rm " + path
                            + ") or move it out of the location, and put the regular file in its place.");
        } catch (IOException e) {
            throw unreadable(location, path.toString(), e);
        }
    }

    private static boolean isLinkToAFile(Location location, Path link, String relative, String setting)
            throws IOException {
        Path target = link.resolveSibling(Files.readSymbolicLink(link));
        if (!Files.exists(link)) {
            throw notAFile(
                    DiagnosticCode.UNREADABLE_FILE,
                    location,
                    relative,
                    "a symbolic link to " + target + ", which does not exist",
                    "Restore " + target + ", or remove the link (rm " + link + ").");
        }
        BasicFileAttributes followed = Files.readAttributes(link, BasicFileAttributes.class);
        if (followed.isRegularFile()) {
            return true;
        }
        if (followed.isDirectory()) {
            throw notAFile(
                    DiagnosticCode.UNREADABLE_FILE,
                    location,
                    relative,
                    "a symbolic link to the directory " + target + ", which is not followed",
                    "Replace the link by the directory itself, or add " + target + " as a location of its own " + "("
                            + setting + ").");
        }
        throw notAFile(
                DiagnosticCode.UNREADABLE_FILE,
                location,
                relative,
                "a symbolic link to " + special(link) + " (" + target + "), not a regular file",
                "Remove the link (rm " + link + ") and put the regular file in its place.");
    }

    /** What a file that is neither regular, directory nor link is, from its mode, without opening it. */
    private static String special(Path path) {
        try {
            int type = (Integer) Files.getAttribute(path, "unix:mode") & 0170000;
            return switch (type) {
                case 0010000 -> "a FIFO (named pipe)";
                case 0140000 -> "a socket";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "a special file (FIFO, socket or device)";
        }
    }

    private static MigratorException notAFile(
            DiagnosticCode code, Location location, String relative, String found, String remedy) {
        String file = location + "/" + relative;
        return MigratorException.of(
                code,
                "The entry " + file + " is " + found + ".",
                Facts.of("file", file).and("found", found).map(),
                remedy,
                null);
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

    private static MigratorException unreadable(Location location, String what, Exception e) {
        return MigratorException.of(
                DiagnosticCode.UNREADABLE_FILE,
                "The location " + location + " cannot be read.",
                Facts.of("location", location)
                        .and("path", what)
                        .and("error", e.toString())
                        .map(),
                "Check that the location exists and is readable.",
                e);
    }
}
