package io.lucidity.migrator.internal.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.RestoreResult;
import io.lucidity.migrator.internal.Facts;
import io.lucidity.migrator.internal.Guards;
import io.lucidity.migrator.internal.Workspace;
import io.lucidity.migrator.internal.config.FrontEnd;
import io.lucidity.migrator.internal.history.HistoryView;
import io.lucidity.migrator.internal.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code restore FILE}: {@code pg_restore --clean --if-exists --single-transaction} of an archive written by
 * {@link Backup} into the database, under the migration lock, so that no instance migrates meanwhile. Stops
 * nothing: sessions of the application stay connected and see the restored database once it commits. The
 * restore is all or nothing. Tables the archive does not hold (created after the backup) are left in place
 * and named in a warning.
 */
public final class Restore {
    private static final Logger LOG = LoggerFactory.getLogger(Restore.class);

    private Restore() {}

    public static RestoreResult run(Workspace ws, Path file) {
        Path source = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(source) || !Files.isReadable(source)) {
            throw MigratorException.of(
                    DiagnosticCode.CONFIG_INVALID,
                    "The backup file " + source + " does not exist or cannot be read.",
                    Facts.of("file", source).map(),
                    "Give the path of an archive written by "
                            + FrontEnd.of(ws.config().integration()).command("backup FILE", "backup(file)") + ".",
                    null);
        }
        String backupRevision = recordedRevision(source);
        return ws.underLock("Restoring", session -> {
            Connection c = session.connection();
            Guards.refuseIfReadOnly(ws, session);
            return restore(ws, c, source, backupRevision);
        });
    }

    private static RestoreResult restore(Workspace ws, Connection c, Path source, String backupRevision)
            throws SQLException {
        long start = System.nanoTime();
        Server server = Server.of(c);
        PgTools tools = PgTools.locate(server.version(), server.major(), System.getenv());
        Archive archive = Archive.verify(tools, source, FrontEnd.of(ws.config().integration()));
        String before = new HistoryView(ws.tables().load(c)).currentRevision();
        Map<String, String> env = ClientEnvironment.of(ws.config(), c);
        ToolProcess.Result result;
        try {
            result = ToolProcess.run(
                    List.of(
                            tools.pgRestore().toString(),
                            "--clean",
                            "--if-exists",
                            "--single-transaction",
                            "--exit-on-error",
                            "--no-password",
                            ClientEnvironment.dbnameOption(server.database()),
                            source.toString()),
                    env);
        } catch (IOException e) {
            throw MigratorException.of(
                    DiagnosticCode.BACKUP_FAILED,
                    "pg_restore could not be run: " + e,
                    Facts.of("pg_restore", tools.pgRestore())
                            .and("error", e.toString())
                            .map(),
                    "Check that " + tools.pgRestore() + " can be executed by this user.",
                    e);
        }
        if (!result.succeeded()) {
            throw MigratorException.of(
                    DiagnosticCode.BACKUP_FAILED,
                    "pg_restore failed (exit " + result.exitCode() + "); it ran in one transaction, so the database "
                            + "was not changed.",
                    Facts.of("database", server.database())
                            .and("file", source)
                            .and("pg_restore", tools.pgRestore())
                            .and("error", ToolProcess.tail(result.stderr()))
                            .map(),
                    "Fix the cause named above (restoring needs the owner of the objects or a superuser; an object "
                            + "created after the backup may depend on one the archive replaces: drop it first) and run "
                            + "the restore again.",
                    null);
        }
        String after = new HistoryView(ws.tables().load(c)).currentRevision();
        List<String> warnings = new ArrayList<>();
        List<String> leftovers = leftovers(c, archive);
        if (!leftovers.isEmpty()) {
            warnings.add("Left in place, not in the backup (created after it?): " + String.join(", ", leftovers)
                    + ". pg_restore --clean replaces only what the archive holds; drop them if a later migration "
                    + "created them, or the next upgrade stops with MIGRATOR-EXISTS.");
        }
        if (backupRevision != null && !Objects.equals(backupRevision, after)) {
            warnings.add("The archive was recorded at revision " + backupRevision + " but the restored history reads "
                    + after + ".");
        }
        LOG.info(
                "[migrator] Restored {} into database {}: revision {} -> {}", source, server.database(), before, after);
        return new RestoreResult(
                source.toString(),
                server.database(),
                ws.config().schema(),
                before,
                after,
                backupRevision,
                archive.entries(),
                tools.pgRestore().toString(),
                Duration.ofNanos(System.nanoTime() - start),
                List.copyOf(warnings));
    }

    /** The revision recorded in {@code FILE.json}, or null when there is none or it cannot be read. */
    private static String recordedRevision(Path archive) {
        Path metadata = Backup.metadataFile(archive);
        if (!Files.isRegularFile(metadata)) {
            return null;
        }
        try {
            JsonNode revision = Json.mapper().readTree(metadata.toFile()).get("revision");
            return revision == null || revision.isNull() ? null : revision.asText();
        } catch (IOException e) {
            LOG.warn("[migrator] Ignoring {}: {}", metadata, e.toString());
            return null;
        }
    }

    /** Tables in the archive's schemas that the archive does not hold. */
    private static List<String> leftovers(Connection c, Archive archive) throws SQLException {
        Set<String> held = new HashSet<>(archive.tables());
        Set<String> schemas = new HashSet<>();
        archive.tables().forEach(t -> schemas.add(t.substring(0, t.indexOf('.'))));
        List<String> leftovers = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT schemaname, tablename FROM pg_tables ORDER BY 1, 2")) {
            while (rs.next()) {
                String name = rs.getString(1) + "." + rs.getString(2);
                if (schemas.contains(rs.getString(1)) && !held.contains(name)) {
                    leftovers.add(name);
                }
            }
        }
        return leftovers;
    }
}
