package io.lucidity.migrator.internal.lint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The live database's view for the rules: the server version and the size of each table the pending migrations touch,
 * read in one query on the hardened migration session (names bound as parameters). A table of at least {@link
 * #LARGE_ROWS} estimated rows or {@link #LARGE_BYTES} bytes is large (its findings are errors); a smaller one gives
 * warnings; a table the database does not hold gives none (it is created by the upgrade or the statement fails anyway).
 */
final class TableSizes {
    /** The newest server Migrator supports: assumed without a database. */
    static final int NEWEST_SERVER = 180000;
    /** Estimated rows ({@code pg_class.reltuples}) from which a table is large. */
    static final long LARGE_ROWS = 10_000;
    /** Bytes ({@code pg_relation_size}) from which a table is large (8 MiB). */
    static final long LARGE_BYTES = 8L * 1024 * 1024;

    /** A table's size: estimated rows (-1: never analysed) and bytes. */
    record Size(long rows, long bytes) {
        boolean large() {
            return rows >= LARGE_ROWS || bytes >= LARGE_BYTES;
        }
    }

    private final boolean live;
    private final int serverVersion;
    private final Map<String, Size> sizes;

    private TableSizes(boolean live, int serverVersion, Map<String, Size> sizes) {
        this.live = live;
        this.serverVersion = serverVersion;
        this.sizes = sizes;
    }

    /** Without a database: the newest server, every table existing and of unknown size. */
    static TableSizes unknown() {
        return new TableSizes(false, NEWEST_SERVER, Map.of());
    }

    private static final String QUERY = "SELECT pg_catalog.current_setting('server_version_num')::int4, t.s, t.n,"
            + " c.reltuples::int8, CASE WHEN c.oid IS NULL THEN NULL ELSE pg_catalog.pg_relation_size(c.oid) END"
            + " FROM (SELECT 1) AS one"
            + " LEFT JOIN (ROWS FROM (pg_catalog.unnest(?::text[]), pg_catalog.unnest(?::text[])) AS t(s, n)"
            + " LEFT JOIN pg_catalog.pg_namespace AS ns ON ns.nspname OPERATOR(pg_catalog.=) t.s"
            + " LEFT JOIN pg_catalog.pg_class AS c ON c.relnamespace OPERATOR(pg_catalog.=) ns.oid"
            + " AND c.relname OPERATOR(pg_catalog.=) t.n AND c.relkind IN ('r', 'p', 'm')) ON true";

    /**
     * Reads the server version and the sizes of {@code tables} ({@code schema.table}, as {@link Context#qualify}
     * writes them) in one query.
     */
    static TableSizes read(Connection c, Collection<String> tables) throws SQLException {
        String[] schemas = new String[tables.size()];
        String[] names = new String[tables.size()];
        int i = 0;
        for (String t : tables) {
            int dot = t.indexOf('.');
            schemas[i] = t.substring(0, dot);
            names[i++] = t.substring(dot + 1);
        }
        // Inside a transaction a failed query must not abort it (lint=warn goes on without the sizes).
        java.sql.Savepoint savepoint = c.getAutoCommit() ? null : c.setSavepoint();
        try {
            TableSizes read = query(c, schemas, names);
            if (savepoint != null) {
                c.releaseSavepoint(savepoint);
            }
            return read;
        } catch (SQLException | RuntimeException e) {
            if (savepoint != null) {
                c.rollback(savepoint);
            }
            throw e;
        }
    }

    private static TableSizes query(Connection c, String[] schemas, String[] names) throws SQLException {
        Map<String, Size> sizes = new HashMap<>();
        int version = NEWEST_SERVER;
        try (PreparedStatement ps = c.prepareStatement(QUERY)) {
            ps.setArray(1, c.createArrayOf("text", schemas));
            ps.setArray(2, c.createArrayOf("text", names));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    version = rs.getInt(1);
                    long bytes = rs.getLong(5);
                    if (!rs.wasNull()) {
                        sizes.put(rs.getString(2) + "." + rs.getString(3), new Size(rs.getLong(4), bytes));
                    }
                }
            }
        }
        return new TableSizes(true, version, sizes);
    }

    boolean live() {
        return live;
    }

    int serverVersion() {
        return serverVersion;
    }

    /** The size of a table the database holds, or null. */
    Size size(String qualified) {
        return sizes.get(qualified);
    }

    /** In words, for a message: {@code about 20000 rows, 1 MB}. */
    static String describe(Size s) {
        return (s.rows() < 0 ? "not analysed" : "about " + s.rows() + " rows") + ", "
                + (s.bytes() >= 1024 * 1024 ? s.bytes() / (1024 * 1024) + " MB" : s.bytes() / 1024 + " kB");
    }
}
