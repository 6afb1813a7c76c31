package io.lucidity.migrator.internal.repair;

import io.lucidity.migrator.AppliedMigration;
import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.DowngradeResult;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.internal.Facts;
import io.lucidity.migrator.internal.Guards;
import io.lucidity.migrator.internal.NameList;
import io.lucidity.migrator.internal.Workspace;
import io.lucidity.migrator.internal.config.FrontEnd;
import io.lucidity.migrator.internal.history.HistoryView;
import io.lucidity.migrator.internal.history.Journal;
import io.lucidity.migrator.internal.jdbc.SafeSession;
import io.lucidity.migrator.internal.jdbc.Sql;
import io.lucidity.migrator.internal.jdbc.SqlErrors;
import io.lucidity.migrator.internal.migrate.TransactionControl;
import io.lucidity.migrator.internal.resolve.MigrationCatalog;
import io.lucidity.migrator.internal.resolve.ResolvedMigration;
import io.lucidity.migrator.internal.resolve.ScriptStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code downgrade REV}: runs the undo scripts ({@code U<version>__*.sql}) of every applied migration
 * above REV, newest first, each in its own transaction with the removal of its history row, under the
 * lock. Refuses up front, naming every step without an undo script, before changing anything.
 */
public final class Downgrade {
    private static final Logger LOG = LoggerFactory.getLogger(Downgrade.class);

    private Downgrade() {}

    public static DowngradeResult run(Workspace ws, String revision) {
        MigrationCatalog catalog = ws.catalog();
        MigrationVersion target = catalog.resolveRevision(revision);
        return ws.underLock("Downgrading", session -> {
            Connection c = session.connection();
            Guards.refuseIfReadOnly(ws, session);
            ws.ensureTables(c, session.state(), false);
            Guards.refuseUnfinished(ws, c);
            HistoryView history = new HistoryView(ws.tables().loadExisting(c));
            List<MigrationVersion> above = history.applied().keySet().stream()
                    .filter(v -> target == null || v.compareTo(target) > 0)
                    .sorted(Comparator.reverseOrder())
                    .toList();
            List<ResolvedMigration> undo = undoScripts(
                    catalog,
                    above,
                    history.currentRevision(),
                    revision,
                    FrontEnd.of(ws.config().integration()));
            undo.forEach(u -> TransactionControl.refuse("undo script", u.displayPath(), u.statements()));
            List<AppliedMigration> undone = new ArrayList<>();
            for (ResolvedMigration u : undo) {
                undone.add(undoOne(ws, c, u));
            }
            String after = new HistoryView(ws.tables().loadExisting(c)).currentRevision();
            return new DowngradeResult(history.currentRevision(), after, undone);
        });
    }

    private static List<ResolvedMigration> undoScripts(
            MigrationCatalog catalog,
            List<MigrationVersion> versions,
            String current,
            String revision,
            FrontEnd frontEnd) {
        List<ResolvedMigration> scripts = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (MigrationVersion v : versions) {
            ResolvedMigration u = catalog.undo().get(v);
            if (u == null) {
                missing.add("V" + v);
            } else {
                scripts.add(u);
            }
        }
        if (!missing.isEmpty()) {
            throw MigratorException.of(
                    DiagnosticCode.NO_UNDO,
                    "Cannot downgrade from " + current + " to " + revision + ": " + missing.size()
                            + " applied migration(s) have no undo script. Nothing was changed.",
                    Facts.of("without undo script", NameList.of(missing))
                            .and(
                                    "undo scripts found",
                                    scripts.isEmpty()
                                            ? "none"
                                            : NameList.of(
                                                    scripts.stream()
                                                            .map(ResolvedMigration::script)
                                                            .toList(),
                                                    ", ",
                                                    "undo scripts"))
                            .map(),
                    "Write U<version>__<description>.sql for each of them, or restore a backup taken before the upgrade "
                            + "(" + frontEnd.command("restore FILE", "restore(file)") + ").",
                    null);
        }
        return scripts;
    }

    private static AppliedMigration undoOne(Workspace ws, Connection c, ResolvedMigration u) throws SQLException {
        LOG.info("[migrator] Undoing V{} with {}", u.versionText(), u.script());
        long start = System.nanoTime();
        ScriptStatement[] current = new ScriptStatement[1];
        try {
            Sql.inTransaction(c, () -> {
                // A user script: the same search path as migrations, for this transaction only.
                Sql.queryString(
                        c,
                        "SELECT set_config('lock_timeout', ?, true), set_config('search_path', ?, true)",
                        ws.config().ddlLockTimeout().toMillis() + "ms",
                        SafeSession.userSearchPath(c, ws.config().schema()));
                for (ScriptStatement s : u.statements()) {
                    current[0] = s;
                    if (s.isCopy()) {
                        ws.scripts().executeCopy(c, s);
                    } else {
                        try (Statement statement = c.createStatement()) {
                            statement.execute(s.sql());
                        }
                    }
                    TransactionControl.verifyOpen(
                            c, "undo script", u.displayPath(), s, ws.config().integration());
                }
                ws.tables().deleteVersion(c, u.versionText());
                new Journal(ws.tables()).note(c, Journal.DOWNGRADE, u.versionText(), "undone by " + u.script());
                return null;
            });
        } catch (SQLException e) {
            throw MigratorException.of(
                    DiagnosticCode.MIGRATION_FAILED,
                    "The undo script " + u.script() + " failed: " + SqlErrors.message(e),
                    Facts.of("undo script", u.displayPath())
                            .and("line", current[0] == null ? null : current[0].line())
                            .and("statement", current[0] == null ? null : current[0].abbreviated(400))
                            .and("SQLState", e.getSQLState())
                            .and("error", SqlErrors.message(e))
                            .map(),
                    "Its transaction was rolled back; the database is at V" + u.versionText()
                            + ". Correct the undo script and run the downgrade again.",
                    e);
        }
        return new AppliedMigration(
                u.versionText(),
                u.description(),
                u.script(),
                false,
                true,
                u.statements().size(),
                Duration.ofNanos(System.nanoTime() - start));
    }
}
