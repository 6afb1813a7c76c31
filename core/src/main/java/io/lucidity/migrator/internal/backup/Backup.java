package io.lucidity.migrator.internal.backup;

import io.lucidity.migrator.BackupResult;
import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.internal.Facts;
import io.lucidity.migrator.internal.Workspace;
import io.lucidity.migrator.internal.config.FrontEnd;
import io.lucidity.migrator.internal.history.HistoryView;
import io.lucidity.migrator.internal.report.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code backup FILE}: the server's own {@code pg_dump -Fc} of the whole database, taken under the migration
 * lock (so that no migration runs meanwhile and the recorded revision is the one in the archive), written to
 * {@code FILE.partial}, verified non-empty and readable by {@code pg_restore --list}, then moved to FILE. Beside
 * it, {@code FILE.json} records the {@link BackupResult}, with the revision the archive holds.
 */
public final class Backup {
    private static final Logger LOG = LoggerFactory.getLogger(Backup.class);

    private Backup() {}

    /** The JSON file written beside an archive. */
    public static Path metadataFile(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".json");
    }

    public static BackupResult run(Workspace ws, Path file) {
        Path target = file.toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            throw MigratorException.of(
                    DiagnosticCode.CONFIG_INVALID,
                    "The backup file " + target + " is a directory.",
                    Facts.of("file", target).map(),
                    "Give the path of a file, e.g. backups/before-upgrade.dump.",
                    null);
        }
        return ws.underLock("Backing up", session -> dump(ws, session.connection(), target));
    }

    private static BackupResult dump(Workspace ws, Connection c, Path target) throws SQLException {
        long start = System.nanoTime();
        OffsetDateTime createdAt = OffsetDateTime.now();
        Server server = Server.of(c);
        PgTools tools = PgTools.locate(server.version(), server.major(), System.getenv());
        String revision = new HistoryView(ws.tables().load(c)).currentRevision();
        Map<String, String> env = ClientEnvironment.of(ws.config(), c);
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Path metadata = metadataFile(target);
        try {
            Files.createDirectories(target.getParent());
            List<String> command = new ArrayList<>(
                    List.of(tools.pgDump().toString(), "--format=custom", "--no-password", "--file=" + partial));
            if (!ws.config().lockTimeout().isZero()) {
                command.add("--lock-wait-timeout=" + ws.config().lockTimeout().toMillis());
            }
            command.add(ClientEnvironment.dbnameOption(server.database()));
            ToolProcess.Result result = ToolProcess.run(command, env);
            if (!result.succeeded()) {
                throw MigratorException.of(
                        DiagnosticCode.BACKUP_FAILED,
                        "pg_dump failed (exit " + result.exitCode() + "); no backup was written.",
                        Facts.of("database", server.database())
                                .and("file", target)
                                .and("pg_dump", tools.pgDump())
                                .and("error", ToolProcess.tail(result.stderr()))
                                .map(),
                        "Fix the cause named above (the role must be able to read every table: run as the database "
                                + "owner or a superuser) and run the backup again.",
                        null);
            }
            Archive archive =
                    Archive.verify(tools, partial, FrontEnd.of(ws.config().integration()));
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            BackupResult backup = new BackupResult(
                    target.toString(),
                    metadata.toString(),
                    server.database(),
                    ws.config().schema(),
                    revision,
                    Files.size(target),
                    archive.entries(),
                    server.version(),
                    tools.version(),
                    tools.pgDump().toString(),
                    createdAt,
                    Duration.ofNanos(System.nanoTime() - start));
            Files.writeString(metadata, Json.write(backup) + "\n", StandardCharsets.UTF_8);
            LOG.info(
                    "[migrator] Backed up database {} at revision {} to {} ({} bytes, {} entries)",
                    server.database(),
                    revision,
                    target,
                    backup.bytes(),
                    backup.entries());
            return backup;
        } catch (IOException e) {
            throw MigratorException.of(
                    DiagnosticCode.BACKUP_FAILED,
                    "Writing the backup " + target + " failed: " + e,
                    Facts.of("file", target).and("error", e.toString()).map(),
                    "Check that the directory is writable and the disk has room, then run the backup again.",
                    e);
        } finally {
            deleteQuietly(partial);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("[migrator] Could not delete {}: {}", file, e.toString());
        }
    }
}
