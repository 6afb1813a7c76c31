package io.lucidity.migrator.testing.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops the test databases that crashed or killed test JVMs left behind. A {@code migt_} database is a leftover
 * when nobody is connected to it and the JVM named in it is gone: on this machine, no process with that pid and
 * start time runs; from another machine, the JVM started more than {@link #FOREIGN_AGE} ago. Databases kept for a
 * failed test ({@code keepOnFailure}) are left alone for {@link #KEPT_AGE}.
 */
public final class Sweeper {
    /** How old another machine's JVM must be before its idle databases count as leftovers. */
    public static final Duration FOREIGN_AGE = Duration.ofHours(24);
    /** How long a database kept for a failed test is left alone. */
    public static final Duration KEPT_AGE = Duration.ofDays(7);
    /** Comment prefix of a database kept for a failed test. */
    public static final String KEPT_MARKER = "migrator-fixtures kept ";

    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

    private final Maintenance maintenance;

    Sweeper(Maintenance maintenance) {
        this.maintenance = maintenance;
    }

    /**
     * Drops every leftover test database.
     *
     * @return the names dropped
     */
    public List<String> sweep() {
        List<String> dropped = new ArrayList<>();
        List<Map<String, Object>> candidates;
        try {
            candidates = maintenance.call(c -> Sql.query(
                    c,
                    "SELECT d.datname AS name, "
                            + "shobj_description(d.oid, 'pg_database') AS comment, "
                            + "(SELECT count(*) FROM pg_stat_activity a WHERE a.datid = d.oid) AS sessions "
                            + "FROM pg_database d WHERE d.datname LIKE 'migt\\_%' ORDER BY d.datname"));
        } catch (SQLException e) {
            LOG.warn("[migrator-fixtures] Could not list leftover test databases: {}", e.getMessage());
            return dropped;
        }
        int kept = 0;
        for (Map<String, Object> row : candidates) {
            String name = (String) row.get("name");
            Optional<DatabaseNames.Owner> owner = DatabaseNames.parse(name);
            if (owner.isEmpty() || ((Number) row.get("sessions")).longValue() > 0) {
                continue;
            }
            String comment = (String) row.get("comment");
            if (comment != null && comment.startsWith(KEPT_MARKER) && !keptLongAgo(comment)) {
                kept++;
                continue;
            }
            if (isLeftover(owner.get()) && dropIfIdle(name)) {
                dropped.add(name);
            }
        }
        if (!dropped.isEmpty()) {
            LOG.info(
                    "[migrator-fixtures] Dropped {} test database(s) left behind by test JVMs that ended without "
                            + "cleaning up: {}",
                    dropped.size(),
                    dropped);
        }
        if (kept > 0) {
            LOG.info(
                    "[migrator-fixtures] {} database(s) kept for failed tests remain on the server (dropped after {} "
                            + "days); list them with: SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database "
                            + "WHERE datname LIKE 'migt\\_%'",
                    kept, KEPT_AGE.toDays());
        }
        return dropped;
    }

    /** Whether the JVM that created a database is gone. */
    static boolean isLeftover(DatabaseNames.Owner owner) {
        DatabaseNames.Owner self = DatabaseNames.self();
        if (owner.equals(self)) {
            return false;
        }
        if (owner.host().equals(self.host())) {
            return !DatabaseNames.alive(owner);
        }
        return Instant.ofEpochSecond(owner.startSeconds())
                .isBefore(Instant.now().minus(FOREIGN_AGE));
    }

    /** The marker of a kept database: prefix, the instant it was kept, then what it was kept for. */
    public static String keptMarker(Instant when, String test) {
        return KEPT_MARKER + when + " " + test;
    }

    private static boolean keptLongAgo(String comment) {
        String rest = comment.substring(KEPT_MARKER.length());
        int space = rest.indexOf(' ');
        try {
            Instant kept = Instant.parse(space < 0 ? rest : rest.substring(0, space));
            return kept.isBefore(Instant.now().minus(KEPT_AGE));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Plain DROP DATABASE: fails, and is skipped, when somebody connected in the meantime. */
    private boolean dropIfIdle(String name) {
        try {
            maintenance.execute("DROP DATABASE IF EXISTS " + Sql.ident(name));
            return true;
        } catch (SQLException e) {
            LOG.debug("[migrator-fixtures] Left {} alone: {}", name, e.getMessage());
            return false;
        }
    }
}
