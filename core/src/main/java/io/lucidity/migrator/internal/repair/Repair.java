package io.lucidity.migrator.internal.repair;

import io.lucidity.migrator.RepairResult;
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
 * {@code repair}, as Flyway's: removes failed rows, realigns checksums to the files, marks applied
 * migrations whose file is gone (below this build's head) as deleted, and closes unfinished
 * non-transactional steps so that they run again. Under the lock, in one transaction.
 */
public final class Repair {
    private static final Logger LOG = LoggerFactory.getLogger(Repair.class);

    private Repair() {}

    public static RepairResult run(Workspace ws) {
        MigrationCatalog catalog = ws.catalog();
        return ws.underLock("Repairing", session -> {
            Connection c = session.connection();
            ws.ensureTables(c, session.state(), false);
            return Sql.inTransaction(c, () -> repair(ws, c, catalog));
        });
    }

    private static RepairResult repair(Workspace ws, Connection c, MigrationCatalog catalog) throws SQLException {
        HistoryView history = new HistoryView(ws.tables().loadExisting(c));
        int failed = ws.tables().deleteFailed(c);
        List<String> realigned = new ArrayList<>();
        List<NewRow> deletions = new ArrayList<>();
        MigrationVersion head = catalog.headVersion();
        for (Map.Entry<MigrationVersion, AppliedRow> entry : history.applied().entrySet()) {
            ResolvedMigration m = catalog.find(entry.getKey());
            AppliedRow row = entry.getValue();
            if (m != null && !Objects.equals(m.checksum(), row.checksum())) {
                ws.tables().realign(c, row.version(), m.description(), m.script(), m.checksum());
                realigned.add(row.version());
            } else if (m == null && head != null && entry.getKey().compareTo(head) < 0) {
                deletions.add(new NewRow(row.version(), row.description(), row.script(), row.checksum(), 0, true));
            }
        }
        ws.tables().insert(c, deletions, "DELETE");
        Journal journal = new Journal(ws.tables());
        List<JournalEntry> closed = journal.closeUnfinished(c, "repaired");
        List<String> deleted = deletions.stream().map(NewRow::version).toList();
        String detail = "repair: " + failed + " failed row(s) removed, realigned " + realigned + ", marked deleted "
                + deleted + ", " + closed.size() + " unfinished step(s) closed";
        journal.note(c, Journal.REPAIR, null, detail);
        LOG.info("[migrator] {}", detail);
        return new RepairResult(failed, realigned, deleted, closed.size());
    }
}
