package io.lucidity.migrator.internal.history;

import io.lucidity.migrator.internal.Redactor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The journal: a non-transactional step is journaled before its first statement, after each
 * statement and at its end, each write committed at once, so that a crash in between is detected and
 * described on the next start. Stamps, repairs and downgrades are journaled too.
 */
public final class Journal {
    /** A migration run outside a transaction. */
    public static final String NON_TRANSACTIONAL = "non-transactional";
    /** An operator's stamp. */
    public static final String STAMP = "stamp";
    /** An operator's repair. */
    public static final String REPAIR = "repair";
    /** A downgrade step. */
    public static final String DOWNGRADE = "downgrade";
    /**
     * An upgrade from an empty database applied in batches: {@code running} from before its first batch until its
     * last batch commits, so that starting again after a failure continues in batches.
     */
    public static final String BATCHED = "batched-upgrade";

    private final BookkeepingTables tables;

    public Journal(BookkeepingTables tables) {
        this.tables = tables;
    }

    /** Journals the start of a step; returns its id. */
    public long start(Connection c, String version, String script, Integer checksum, int statements)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO " + tables.journal()
                        + " (kind, version, script, checksum, statements_total, outcome) VALUES (?, ?, ?, ?, ?, 'running') RETURNING id")) {
            ps.setString(1, NON_TRANSACTIONAL);
            ps.setString(2, version);
            ps.setString(3, script);
            ps.setObject(4, checksum);
            ps.setInt(5, statements);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Journals that statement {@code index} (0-based) is about to run. */
    public void running(Connection c, long id, int index, String statement) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE " + tables.journal() + " SET statements_done = ?, current_statement = ? WHERE id = ?")) {
            ps.setInt(1, index);
            ps.setString(2, statement);
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    /** Journals the end of a step. */
    public void finish(Connection c, long id, String outcome, int statementsDone, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + tables.journal()
                + " SET outcome = ?, statements_done = ?, detail = ?, ended_at = clock_timestamp() WHERE id = ?")) {
            ps.setString(1, outcome);
            ps.setInt(2, statementsDone);
            ps.setString(3, Redactor.redact(detail));
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    /**
     * Journals that a batched upgrade from an empty database to {@code version} starts (unless one is already
     * running).
     */
    public void startBatched(Connection c, String version, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables.journal()
                + " (kind, version, outcome, detail) SELECT ?, ?, 'running', ? WHERE NOT EXISTS (SELECT 1 FROM "
                + tables.journal() + " WHERE kind = ? AND outcome = 'running')")) {
            ps.setString(1, BATCHED);
            ps.setString(2, version);
            ps.setString(3, detail);
            ps.setString(4, BATCHED);
            ps.executeUpdate();
        }
    }

    /** Journals that the running batched upgrade ended: {@code succeeded} (its last batch committed) or not. */
    public void finishBatched(Connection c, String outcome) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + tables.journal()
                + " SET outcome = ?, ended_at = clock_timestamp() WHERE kind = ? AND outcome = 'running'")) {
            ps.setString(1, outcome);
            ps.setString(2, BATCHED);
            ps.executeUpdate();
        }
    }

    /** Records an operator action (stamp, repair, downgrade) as a finished entry. */
    public void note(Connection c, String kind, String version, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables.journal()
                + " (kind, version, outcome, detail, ended_at) VALUES (?, ?, 'done', ?, clock_timestamp())")) {
            ps.setString(1, kind);
            ps.setString(2, version);
            ps.setString(3, Redactor.redact(detail));
            ps.executeUpdate();
        }
    }

    /** Marks every unfinished non-transactional step with {@code outcome}; returns them as they were. */
    public List<JournalEntry> closeUnfinished(Connection c, String outcome) throws SQLException {
        List<JournalEntry> unfinished = unfinished(c);
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + tables.journal()
                + " SET outcome = ?, ended_at = coalesce(ended_at, clock_timestamp()) "
                + "WHERE kind = ? AND outcome IN ('running', 'failed')")) {
            ps.setString(1, outcome);
            ps.setString(2, NON_TRANSACTIONAL);
            ps.executeUpdate();
        }
        return unfinished;
    }

    /** Non-transactional steps that started and did not succeed, oldest first. */
    public List<JournalEntry> unfinished(Connection c) throws SQLException {
        return query(c, "WHERE kind = '" + NON_TRANSACTIONAL + "' AND outcome IN ('running', 'failed') ORDER BY id");
    }

    /** Versions recorded by stamps since their last real application, for the history's "stamped" state. */
    public List<JournalEntry> stamps(Connection c) throws SQLException {
        return query(c, "WHERE kind = '" + STAMP + "' ORDER BY id");
    }

    private List<JournalEntry> query(Connection c, String where) throws SQLException {
        List<JournalEntry> entries = new ArrayList<>();
        try (PreparedStatement ps =
                        c.prepareStatement("SELECT id, kind, version, script, statements_total, statements_done, "
                                + "current_statement, started_at, ended_at, outcome, detail, pid, application_name, performed_by FROM "
                                + tables.journal() + " " + where);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int total = rs.getInt(5);
                Integer boxedTotal = rs.wasNull() ? null : total;
                int pid = rs.getInt(12);
                Integer boxedPid = rs.wasNull() ? null : pid;
                entries.add(new JournalEntry(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        boxedTotal,
                        rs.getInt(6),
                        rs.getString(7),
                        rs.getObject(8, OffsetDateTime.class),
                        rs.getObject(9, OffsetDateTime.class),
                        rs.getString(10),
                        rs.getString(11),
                        boxedPid,
                        rs.getString(13),
                        rs.getString(14)));
            }
        }
        return entries;
    }
}
