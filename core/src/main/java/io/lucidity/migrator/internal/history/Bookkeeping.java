package io.lucidity.migrator.internal.history;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.internal.Facts;
import io.lucidity.migrator.internal.jdbc.FirstQuery;
import io.lucidity.migrator.internal.jdbc.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the catalog says of Migrator's bookkeeping objects, read in one catalog-only statement before any of them is
 * read or written: which exist, and whether each may be trusted. An object is trusted when the migration role, a
 * role it is a member of (membership proper: a superuser migration role is not taken as a member of every role), or
 * a superuser owns it, it is a plain table (or, for the trigger function, a function),
 * and it carries no trigger, rule or row-level security that Migrator did not create. Reading a view or a table with
 * policies, or writing a table with triggers, runs its owner's code as the migration role: such an object is refused,
 * never adopted ({@link #refuseUntrusted}).
 *
 * @param history     the history table exists
 * @param journal     the journal exists
 * @param seedJournal the seed journal exists
 * @param summary     the summary table exists and is of this version's shape (its trigger function too)
 * @param summaryStale the summary table exists but an older Migrator set it up: the next upgrade sets it up again
 * @param untrusted   the objects that may not be trusted, with their owner and why
 * @param role        the migration role ({@code current_user})
 * @param session     what the same statement says of the session: backend pid, lock key, recovery, read-only
 */
public record Bookkeeping(
        boolean history,
        boolean journal,
        boolean seedJournal,
        boolean summary,
        boolean summaryStale,
        List<Untrusted> untrusted,
        String role,
        SessionFacts session) {

    /**
     * The session the inspection ran on, read in the same statement so that no operation asks again.
     *
     * @param pid        {@code pg_backend_pid()}
     * @param lockKey    the migration lock's key: {@code hashtextextended('io.lucidity.migrator:' || database || ':' || schema, 0)}
     * @param inRecovery {@code pg_is_in_recovery()}: a hot standby
     * @param readOnly   {@code transaction_read_only} is on (e.g. {@code default_transaction_read_only})
     */
    public record SessionFacts(int pid, long lockKey, boolean inRecovery, boolean readOnly) {}

    /** An object that exists and may not be trusted. */
    public record Untrusted(String kind, String name, String owner, String reason) {}

    /** The summary function's body carries this mark; a function without it was set up by an older Migrator. */
    static final String FUNCTION_MARK = "migrator-summary-trigger-2";

    private static final String SQL = """
            WITH RECURSIVE mine(r) AS (
                    SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user
                  UNION
                    SELECT m.roleid FROM pg_catalog.pg_auth_members m JOIN mine ON m.member = mine.r),
                 fn AS (SELECT pg_catalog.to_regprocedure(?) AS oid),
                 sess AS (SELECT pg_catalog.pg_backend_pid() AS pid,
                                 pg_catalog.hashtextextended('io.lucidity.migrator:' || pg_catalog.current_database() || ':' || ?::text, 0) AS lock_key,
                                 pg_catalog.pg_is_in_recovery() AS recovery,
                                 pg_catalog.current_setting('transaction_read_only') AS read_only),
                 wanted(ord, kind, name, rel) AS (VALUES (1, 'history table', ?, pg_catalog.to_regclass(?)),
                    (2, 'journal', ?, pg_catalog.to_regclass(?)), (3, 'seed journal', ?, pg_catalog.to_regclass(?)),
                    (4, 'summary', ?, pg_catalog.to_regclass(?)))
            SELECT w.ord, w.kind, w.name, c.oid IS NOT NULL, c.relkind::text, pg_catalog.pg_get_userbyid(c.relowner),
                   c.relowner IN (SELECT r FROM mine) OR c.relowner IN (SELECT oid FROM pg_catalog.pg_roles WHERE rolsuper),
                   (SELECT pg_catalog.string_agg(t.tgname, ', ' ORDER BY t.tgname) FROM pg_catalog.pg_trigger t
                     WHERE t.tgrelid = c.oid AND NOT coalesce(w.ord = 1 AND t.tgname = ? AND t.tgfoid = (SELECT oid FROM fn), false)
                       AND NOT (w.ord <= 3 AND t.tgname = ? AND t.tgfoid IN (
                             SELECT f.oid FROM pg_catalog.pg_proc f WHERE f.oid = pg_catalog.to_regprocedure(?)
                                AND f.prokind = 'f' AND (f.proowner IN (SELECT r FROM mine)
                                     OR f.proowner IN (SELECT oid FROM pg_catalog.pg_roles WHERE rolsuper))
                                AND f.prosrc LIKE '%' || ? || '%'
                                AND NOT pg_catalog.has_function_privilege('public', f.oid, 'EXECUTE')))),
                   (SELECT pg_catalog.string_agg(r.rulename, ', ' ORDER BY r.rulename) FROM pg_catalog.pg_rewrite r
                     WHERE r.ev_class = c.oid),
                   (SELECT pg_catalog.string_agg(p.polname, ', ' ORDER BY p.polname) FROM pg_catalog.pg_policy p
                     WHERE p.polrelid = c.oid),
                   coalesce(c.relrowsecurity, false),
                   EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'trigger_xmin'
                            AND NOT a.attisdropped), current_user, sess.pid, sess.lock_key, sess.recovery, sess.read_only
              FROM sess, wanted w LEFT JOIN pg_catalog.pg_class c ON c.oid = w.rel
            UNION ALL
            SELECT 5, 'trigger function', ?, p.oid IS NOT NULL, p.prokind::text, pg_catalog.pg_get_userbyid(p.proowner),
                   p.proowner IN (SELECT r FROM mine) OR p.proowner IN (SELECT oid FROM pg_catalog.pg_roles WHERE rolsuper), NULL, NULL, NULL, false,
                   coalesce(p.prosrc LIKE '%' || ? || '%'
                            AND NOT pg_catalog.has_function_privilege('public', p.oid, 'EXECUTE'), false), current_user,
                   sess.pid, sess.lock_key, sess.recovery, sess.read_only
              FROM sess, fn LEFT JOIN pg_catalog.pg_proc p ON p.oid = fn.oid
             ORDER BY 1""";

    /**
     * Reads the bookkeeping objects of {@code tables} from the catalog, and the session's facts (one statement, catalog
     * tables only).
     */
    public static Bookkeeping inspect(Connection c, BookkeepingTables tables) throws SQLException {
        FirstQuery<Bookkeeping> query = query(tables);
        try (PreparedStatement ps = c.prepareStatement(query.sql())) {
            query.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                return query.read(rs);
            }
        }
    }

    /** The inspection as a query that can follow the session's hardening in the same round trip. */
    public static FirstQuery<Bookkeeping> query(BookkeepingTables tables) {
        return new FirstQuery<>() {
            @Override
            public String sql() {
                return SQL;
            }

            @Override
            public int bind(PreparedStatement ps, int first) throws SQLException {
                String function = tables.summaryFunction() + "()";
                int i = first;
                ps.setString(i++, function);
                ps.setString(i++, tables.schema());
                for (String name :
                        List.of(tables.history(), tables.journal(), tables.seedJournal(), tables.summary())) {
                    ps.setString(i++, name);
                    ps.setString(i++, name);
                }
                ps.setString(i++, BookkeepingTables.SUMMARY_TRIGGER);
                ps.setString(i++, FleetSummary.TRIGGER);
                ps.setString(i++, Sql.qualified(tables.schema(), FleetSummary.FUNCTION) + "()");
                ps.setString(i++, FleetSummary.FUNCTION_MARK);
                ps.setString(i++, function);
                ps.setString(i++, FUNCTION_MARK);
                return i;
            }

            @Override
            public Bookkeeping read(ResultSet rs) throws SQLException {
                return Bookkeeping.read(rs);
            }
        };
    }

    private static Bookkeeping read(ResultSet rs) throws SQLException {
        boolean[] exists = new boolean[6];
        boolean[] current = new boolean[6];
        List<Untrusted> untrusted = new ArrayList<>();
        String role = null;
        SessionFacts session = null;
        while (rs.next()) {
            int ord = rs.getInt(1);
            exists[ord] = rs.getBoolean(4);
            current[ord] = rs.getBoolean(12);
            role = rs.getString(13);
            session = new SessionFacts(rs.getInt(14), rs.getLong(15), rs.getBoolean(16), "on".equals(rs.getString(17)));
            if (exists[ord]) {
                String reason = reason(ord, rs);
                if (reason != null) {
                    untrusted.add(new Untrusted(rs.getString(2), rs.getString(3), rs.getString(6), reason));
                }
            }
        }
        boolean summaryCurrent = exists[4] && current[4] && exists[5] && current[5];
        return new Bookkeeping(
                exists[1],
                exists[2],
                exists[3],
                summaryCurrent,
                exists[4] && !summaryCurrent,
                List.copyOf(untrusted),
                role,
                session);
    }

    /** The same facts once the missing tables were created (by this role: trusted) and, if set up, the summary. */
    public Bookkeeping withAllTables(boolean summaryInstalled) {
        return new Bookkeeping(
                true, true, true, summaryInstalled, summaryStale && !summaryInstalled, untrusted, role, session);
    }

    private static String reason(int ord, ResultSet rs) throws SQLException {
        String kind = rs.getString(5);
        if (ord == 5 ? !"f".equals(kind) : !"r".equals(kind)) {
            return "it is not a plain " + (ord == 5 ? "function" : "table") + " (kind '" + kind + "')";
        }
        if (!rs.getBoolean(7)) {
            return "its owner is neither the migration role, nor a role it is a member of, nor a superuser";
        }
        List<String> foreign = new ArrayList<>();
        if (rs.getString(8) != null) {
            foreign.add("trigger(s) " + rs.getString(8));
        }
        if (rs.getString(9) != null) {
            foreign.add("rule(s) " + rs.getString(9));
        }
        if (rs.getString(10) != null) {
            foreign.add("polic(ies) " + rs.getString(10));
        }
        if (rs.getBoolean(11)) {
            foreign.add("row level security");
        }
        return foreign.isEmpty() ? null : "it carries " + String.join(", ", foreign) + " that Migrator did not create";
    }

    /** True when the history, the journal and the seed journal all exist. */
    public boolean allTablesExist() {
        return history && journal && seedJournal;
    }

    /**
     * Refuses, before anything reads or writes them, bookkeeping objects that another role created or changed.
     *
     * @throws MigratorException {@code MIGRATOR-UNTRUSTED} naming each object, its owner and why
     */
    public Bookkeeping refuseUntrusted() {
        if (untrusted.isEmpty()) {
            return this;
        }
        Untrusted first = untrusted.get(0);
        Facts facts = Facts.of("migration role", role);
        for (Untrusted u : untrusted) {
            facts.and(u.kind() + " " + u.name(), "owner " + u.owner() + "; " + u.reason());
        }
        throw MigratorException.of(
                DiagnosticCode.UNTRUSTED_OBJECT,
                "The " + first.kind() + " " + first.name() + " (owner " + first.owner() + ") was not created by the "
                        + "migration role " + role + ": " + first.reason()
                        + ". Migrator does not read or write bookkeeping objects that another "
                        + "role can change, since their code would run with the migration role's rights.",
                facts.map(),
                "Inspect " + (untrusted.size() == 1 ? "it" : "them") + " (\\d+ " + first.name() + " in psql). If the "
                        + "content is Migrator's or Flyway's and you trust it, a superuser or the owner gives it to the "
                        + "migration role and removes what Migrator did not create: ALTER "
                        + ("trigger function".equals(first.kind())
                                ? "FUNCTION " + first.name() + "()"
                                : "TABLE " + first.name())
                        + " OWNER TO " + Sql.ident(role) + "; (DROP TRIGGER / DROP RULE / DROP POLICY ...). "
                        + "Otherwise drop " + (untrusted.size() == 1 ? "it" : "them")
                        + " and start again: Migrator creates its own.",
                null);
    }
}
