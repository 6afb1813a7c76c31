package io.lucidity.migrator.internal;

import io.lucidity.migrator.internal.config.FrontEnd;
import io.lucidity.migrator.internal.history.Journal;
import io.lucidity.migrator.internal.history.JournalEntry;
import io.lucidity.migrator.internal.migrate.PartialInspector;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The refusals the commands share, over the state already read on the connection (the bookkeeping inspection's
 * session facts, the state probe's counts): they ask the database again only to explain a refusal.
 */
public final class Guards {
    private Guards() {}

    /** Refuses on a hot standby or a read-only session (as the inspection on this connection found them). */
    public static void refuseIfReadOnly(Workspace ws, Workspace.Session s) throws SQLException {
        if (s.state().session().inRecovery()) {
            throw ws.diagnostics().readOnlyStandby(s.connection());
        }
        if (s.state().session().readOnly()) {
            throw ws.diagnostics().readOnlySession(s.connection());
        }
    }

    /**
     * Refuses when a non-transactional step started and did not finish.
     *
     * @param probed the unfinished steps the state probe counted on this connection, under the lock
     */
    public static void refuseUnfinished(Workspace ws, Connection c, long probed) throws SQLException {
        if (probed > 0) {
            refuseUnfinished(ws, c);
        }
    }

    /** Refuses when a non-transactional step started and did not finish (reads the journal). */
    public static void refuseUnfinished(Workspace ws, Connection c) throws SQLException {
        List<JournalEntry> unfinished = new Journal(ws.tables()).unfinished(c);
        if (!unfinished.isEmpty()) {
            throw new PartialInspector(
                            ws.config().schema(), FrontEnd.of(ws.config().integration()))
                    .explain(c, unfinished.get(0), null);
        }
    }
}
