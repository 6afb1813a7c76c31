package io.lucidity.migrator.testing.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tablespace in a RAM directory ({@code /dev/shm} by default) for the local provider's templates and test
 * databases. Copying a database creates a few hundred files; on a disk file system that alone costs tens to
 * hundreds of milliseconds, in RAM a few. The directory is named after this JVM
 * ({@code migrator-ts-<pid>-<start>}), deleted when the JVM exits, and swept at the next start when a crashed
 * JVM left it behind. Any failure here only costs speed: the databases then stay in the cluster's own directory.
 */
final class RamTablespace {
    static final String NAME = "migrator_fixtures_ram";
    private static final Logger LOG = LoggerFactory.getLogger(RamTablespace.class);
    private static final Path DEFAULT_ROOT = Path.of("/dev/shm");
    private static final Pattern DIRECTORY = Pattern.compile("migrator-ts-(\\d+)-([0-9a-z]+)");

    private RamTablespace() {}

    /**
     * Creates the tablespace on a local server, when a RAM directory is available and not switched off with
     * {@code MIGRATOR_TEST_RAM_TABLESPACE=off}.
     *
     * @return the tablespace's name, or empty when databases stay in the default tablespace
     */
    static Optional<String> create(Server server, Maintenance maintenance, ServerFacts facts, Env env) {
        String setting = env.get(Env.RAM_TABLESPACE, "auto");
        if (!server.throwaway()
                || server.localOsUser().isEmpty()
                || !facts.superuser()
                || setting.equalsIgnoreCase("off")
                || setting.equalsIgnoreCase("false")) {
            return Optional.empty();
        }
        Path root = setting.equalsIgnoreCase("auto") ? DEFAULT_ROOT : Path.of(setting);
        if (!Files.isDirectory(root) || !Files.isWritable(root)) {
            LOG.debug("[migrator-fixtures] No RAM directory at {}; databases stay in the cluster's directory", root);
            return Optional.empty();
        }
        sweep(root);
        DatabaseNames.Owner self = DatabaseNames.self();
        Path dir = root.resolve("migrator-ts-" + self.pid() + "-" + Long.toString(self.startSeconds(), 36));
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            String osUser = server.localOsUser().get();
            if (!osUser.equals(System.getProperty("user.name"))) {
                UserPrincipal owner =
                        dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(osUser);
                Files.setOwner(dir, owner);
            }
            maintenance.execute("CREATE TABLESPACE " + Sql.ident(NAME) + " LOCATION " + Sql.literal(dir.toString()));
        } catch (IOException | java.sql.SQLException | RuntimeException e) {
            LOG.warn(
                    "[migrator-fixtures] Could not create a tablespace in {} ({}); test databases stay in the "
                            + "cluster's directory, which is slower. Set {}=off to skip this attempt.",
                    dir,
                    e.getMessage(),
                    Env.RAM_TABLESPACE);
            deleteQuietly(dir);
            return Optional.empty();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir), "migrator-fixtures-ram-cleanup"));
        LOG.info("[migrator-fixtures] Templates and test databases live in RAM: tablespace {} at {}", NAME, dir);
        return Optional.of(NAME);
    }

    /** Deletes the tablespace directories of JVMs that no longer run. */
    static void sweep(Path root) {
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.forEach(dir -> {
                Matcher m = DIRECTORY.matcher(dir.getFileName().toString());
                if (m.matches()) {
                    DatabaseNames.Owner owner = new DatabaseNames.Owner(
                            DatabaseNames.self().host(), Long.parseLong(m.group(1)), Long.parseLong(m.group(2), 36));
                    if (!DatabaseNames.alive(owner)) {
                        LOG.info(
                                "[migrator-fixtures] Deleting {}, left behind by a test JVM that ended (pid {})",
                                dir,
                                owner.pid());
                        deleteQuietly(dir);
                    }
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.debug("[migrator-fixtures] Could not sweep {}: {}", root, e.toString());
        }
    }

    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            LOG.debug("[migrator-fixtures] Could not delete {}: {}", dir, e.toString());
        }
    }
}
