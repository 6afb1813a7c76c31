package io.lucidity.migrator.internal.repair;

import io.lucidity.migrator.StampResult;
import io.lucidity.migrator.internal.Workspace;
import io.lucidity.migrator.internal.history.AppliedRow;
import io.lucidity.migrator.internal.history.HistoryView;
import io.lucidity.migrator.internal.history.Journal;
import io.lucidity.migrator.internal.history.JournalEntry;
import io.lucidity.migrator.internal.history.NewRow;
import io.lucidity.migrator.internal.jdbc.Sql;
import io.lucidity.migrator.internal.resolve.MigrationCatalog;
import io.lucidity.migrator.internal.resolve.ResolvedMigration;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code stamp REV}: records the database as being at REV without running migrations, like Alembic's
 * stamp. Under the lock and in one transaction it records every migration up to REV as applied (with
 * the file's checksum), removes failed rows and rows above REV, and closes unfinished steps.
 */
public final class Stamp {
    private static final Logger LOG = LoggerFactory.getLogger(Stamp.class);

    private Stamp() {}

    public static StampResult run(Workspace ws, String revision, boolean purge) {
        MigrationCatalog catalog = ws.catalog();
        MigrationVersion target = catalog.resolveRevision(revision);
        return ws.underLock("Stamping", session -> {
            Connection c = session.connection();
            ws.ensureTables(c, session.state(), false);
            return Sql.inTransaction(c, () -> stamp(ws, c, catalog, target, purge));
        });
    }

    private static StampResult stamp(
            Workspace ws, Connection c, MigrationCatalog catalog, MigrationVersion target, boolean purge)
            throws SQLException {
        HistoryView before = new HistoryView(ws.tables().loadExisting(c));
        List<String> removed = new ArrayList<>();
        if (purge) {
            before.applied().keySet().forEach(v -> removed.add(v.toString()));
            ws.tables().deleteAll(c);
        }
        int failed = purge ? before.failed().size() : ws.tables().deleteFailed(c);
        HistoryView current = purge ? new HistoryView(List.of()) : before;
        for (Map.Entry<MigrationVersion, AppliedRow> applied : current.applied().entrySet()) {
            if (target == null || applied.getKey().compareTo(target) > 0) {
                ws.tables().deleteVersion(c, applied.getValue().version());
                removed.add(applied.getValue().version());
            }
        }
        List<String> recorded = new ArrayList<>();
        List<String> realigned = new ArrayList<>();
        List<NewRow> rows = new ArrayList<>();
        for (ResolvedMigration m : catalog.upTo(target)) {
            AppliedRow row = current.applied().get(m.version());
            if (row == null) {
                rows.add(new NewRow(m.versionText(), m.description(), m.script(), m.checksum(), 0, true));
                recorded.add(m.versionText());
            } else if (!Objects.equals(row.checksum(), m.checksum())) {
                ws.tables().realign(c, row.version(), m.description(), m.script(), m.checksum());
                realigned.add(m.versionText());
            }
        }
        ws.tables().insert(c, rows);
        Journal journal = new Journal(ws.tables());
        List<JournalEntry> closed = journal.closeUnfinished(c, "stamped");
        for (String version : recorded) {
            journal.note(c, Journal.STAMP, version, "recorded as applied by stamp");
        }
        String after = new HistoryView(ws.tables().loadExisting(c)).currentRevision();
        journal.note(
                c,
                Journal.STAMP,
                target == null ? null : target.toString(),
                "stamp " + before.currentRevision() + " -> " + after + (purge ? " (purge)" : ""));
        LOG.info(
                "[migrator] Stamped {} -> {}: recorded {}, removed {}, realigned {}, {} failed row(s) removed",
                before.currentRevision(),
                after,
                recorded,
                removed,
                realigned,
                failed);
        return new StampResult(before.currentRevision(), after, recorded, removed, realigned, failed, closed.size());
    }
}
