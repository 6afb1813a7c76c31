package io.lucidity.migrator.testing.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The content of every user table as a row count and an order-independent checksum (the MD5 of the sorted MD5s of
 * each row's text form), to tell whether running something changed any row.
 */
public final class RowChecksums {

    /**
     * A table's content.
     *
     * @param rows     its row count
     * @param checksum MD5 over its rows, whatever their physical order
     */
    public record Content(long rows, String checksum) {
        @Override
        public String toString() {
            return rows + " row(s), checksum " + checksum;
        }
    }

    private RowChecksums() {}

    /** The content of every ordinary table (and partition) outside the system schemas, except {@code excludedTables}. */
    public static SortedMap<String, Content> read(Connection c, Set<String> excludedTables) throws SQLException {
        List<Map<String, Object>> tables = Sql.query(
                c,
                "SELECT n.nspname AS schema, c.relname AS name "
                        + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' "
                        + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' "
                        + "AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND NOT EXISTS (SELECT 1 FROM pg_depend e "
                        + "WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')");
        SortedMap<String, Content> contents = new TreeMap<>();
        for (Map<String, Object> table : tables) {
            String name = (String) table.get("name");
            if (excludedTables.contains(name)) {
                continue;
            }
            String qualified = Sql.ident((String) table.get("schema")) + "." + Sql.ident(name);
            Map<String, Object> row = Sql.query(
                            c,
                            "SELECT count(*) AS rows, coalesce(md5(string_agg(h, ',' ORDER BY h)), "
                                    + "'empty') AS checksum FROM (SELECT md5(t::text) AS h FROM ONLY " + qualified
                                    + " t) rows")
                    .get(0);
            contents.put(table.get("schema") + "." + name, new Content(((Number) row.get("rows")).longValue(), (String)
                    row.get("checksum")));
        }
        return contents;
    }

    /** One line per table whose content differs, e.g. {@code public.audit_log: 1 row(s) -> 2 row(s)}. */
    public static List<String> diff(SortedMap<String, Content> before, SortedMap<String, Content> after) {
        Set<String> tables = new java.util.TreeSet<>(before.keySet());
        tables.addAll(after.keySet());
        List<String> lines = new ArrayList<>();
        for (String table : tables) {
            Content was = before.get(table);
            Content now = after.get(table);
            if (was == null || now == null || !was.equals(now)) {
                String detail = was != null && now != null && was.rows() == now.rows()
                        ? was.rows() + " row(s), same count but different content"
                        : (was == null ? "absent" : was.rows() + " row(s)") + " -> "
                                + (now == null ? "absent" : now.rows() + " row(s)");
                lines.add(table + ": " + detail);
            }
        }
        return lines;
    }
}
