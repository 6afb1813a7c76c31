package io.lucidity.migrator.testing.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads a schema from pg_catalog as {@code key -> definition} pairs for {@link
 * io.lucidity.migrator.testing.SchemaSnapshot}. Each query returns (table, key, definition); rows whose table is
 * excluded are dropped. The search path is {@code pg_catalog} while reading, so every name in a definition is
 * schema-qualified.
 */
public final class CatalogReader {
    private static final String USER_SCHEMA = "n.nspname NOT IN ('pg_catalog', 'information_schema') "
            + "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'";
    private static final String QNAME = "quote_ident(n.nspname) || '.' || ";

    private static String notExtensionMember(String catalog, String oid) {
        return " AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '" + catalog + "'::regclass "
                + "AND e.objid = " + oid + " AND e.deptype = 'e')";
    }

    private static final List<String> QUERIES = List.of(
            // schemas
            "SELECT NULL, 'schema ' || quote_ident(n.nspname), coalesce(obj_description(n.oid, 'pg_namespace'), '') "
                    + "FROM pg_namespace n WHERE " + USER_SCHEMA
                    + notExtensionMember("pg_namespace", "n.oid"),
            // extensions
            "SELECT NULL, 'extension ' || quote_ident(x.extname), 'VERSION ' || x.extversion || ' SCHEMA ' "
                    + "|| quote_ident(n.nspname) FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace",
            // tables, views, materialized views, foreign tables, sequences
            "SELECT coalesce((SELECT t.relname FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid "
                    + "  WHERE c.relkind = 'S' AND d.classid = 'pg_class'::regclass AND d.objid = c.oid "
                    + "  AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') LIMIT 1), c.relname), "
                    + "CASE c.relkind WHEN 'r' THEN 'table ' WHEN 'p' THEN 'table ' WHEN 'v' THEN 'view ' "
                    + "  WHEN 'm' THEN 'materialized view ' WHEN 'f' THEN 'foreign table ' ELSE 'sequence ' END "
                    + "  || " + QNAME + "quote_ident(c.relname), "
                    + "concat_ws(' ', "
                    + "  CASE WHEN c.relkind = 'p' THEN 'PARTITION BY ' || pg_get_partkeydef(c.oid) END, "
                    + "  CASE WHEN c.relispartition THEN 'PARTITION OF ' || (SELECT p.oid::regclass::text "
                    + "    FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE i.inhrelid = c.oid) "
                    + "    || ' ' || pg_get_expr(c.relpartbound, c.oid) END, "
                    + "  CASE WHEN NOT c.relispartition AND c.relkind IN ('r', 'p', 'f') THEN 'INHERITS (' || "
                    + "    (SELECT string_agg(p.oid::regclass::text, ', ' ORDER BY i.inhseqno) FROM pg_inherits i "
                    + "    JOIN pg_class p ON p.oid = i.inhparent WHERE i.inhrelid = c.oid) || ')' END, "
                    + "  CASE WHEN c.relpersistence = 'u' THEN 'UNLOGGED' END, "
                    + "  CASE WHEN c.relrowsecurity THEN 'ROW LEVEL SECURITY' END, "
                    + "  CASE WHEN c.relforcerowsecurity THEN 'FORCE ROW LEVEL SECURITY' END, "
                    + "  CASE WHEN c.reloptions IS NOT NULL THEN 'WITH (' || array_to_string(c.reloptions, ', ') || ')' END, "
                    + "  CASE WHEN c.relkind IN ('v', 'm') THEN 'AS ' || pg_get_viewdef(c.oid, true) END, "
                    + "  CASE WHEN c.relkind = 'S' THEN (SELECT format('AS %s START %s INCREMENT %s MINVALUE %s "
                    + "MAXVALUE %s CACHE %s%s', format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, "
                    + "    s.seqmin, s.seqmax, s.seqcache, CASE WHEN s.seqcycle THEN ' CYCLE' ELSE '' END) "
                    + "    FROM pg_sequence s WHERE s.seqrelid = c.oid) END, "
                    + "  CASE WHEN c.relkind = 'S' THEN (SELECT 'OWNED BY ' || t.oid::regclass::text || '.' "
                    + "    || quote_ident(a.attname) FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid "
                    + "    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid "
                    + "    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid "
                    + "    AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') LIMIT 1) END) "
                    + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND " + USER_SCHEMA
                    + notExtensionMember("pg_class", "c.oid"),
            // columns
            "SELECT c.relname, 'column ' || " + QNAME + "quote_ident(c.relname) || '.' || quote_ident(a.attname), "
                    + "concat_ws(' ', '#' || row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum), "
                    + "  format_type(a.atttypid, a.atttypmod), "
                    + "  CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation "
                    + "    THEN 'COLLATE ' || quote_ident(co.collname) END, "
                    + "  CASE WHEN a.attnotnull THEN 'NOT NULL' END, "
                    + "  CASE WHEN a.attgenerated = 's' THEN 'GENERATED ALWAYS AS (' || pg_get_expr(ad.adbin, ad.adrelid) "
                    + "    || ') STORED' WHEN ad.adbin IS NOT NULL THEN 'DEFAULT ' || pg_get_expr(ad.adbin, ad.adrelid) END, "
                    + "  CASE a.attidentity WHEN 'a' THEN 'GENERATED ALWAYS AS IDENTITY' "
                    + "    WHEN 'd' THEN 'GENERATED BY DEFAULT AS IDENTITY' END) "
                    + "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                    + "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid "
                    + "LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum "
                    + "LEFT JOIN pg_collation co ON co.oid = a.attcollation "
                    + "WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND "
                    + USER_SCHEMA + notExtensionMember("pg_class", "c.oid"),
            // comments on tables, views and columns
            "SELECT c.relname, 'comment on ' || " + QNAME + "quote_ident(c.relname) "
                    + "|| CASE WHEN d.objsubid > 0 THEN '.' || quote_ident(a.attname) ELSE '' END, d.description "
                    + "FROM pg_description d JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid "
                    + "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid "
                    + "WHERE (d.objsubid = 0 OR NOT a.attisdropped) AND " + USER_SCHEMA
                    + notExtensionMember("pg_class", "c.oid"),
            // constraints of tables and domains
            "SELECT c.relname, 'constraint ' || " + QNAME + "quote_ident(coalesce(c.relname, ty.typname)) "
                    + "|| '.' || quote_ident(con.conname), pg_get_constraintdef(con.oid, true) "
                    + "FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace "
                    + "LEFT JOIN pg_class c ON c.oid = con.conrelid LEFT JOIN pg_type ty ON ty.oid = con.contypid "
                    + "WHERE coalesce(c.relname, ty.typname) IS NOT NULL AND " + USER_SCHEMA
                    + notExtensionMember("pg_class", "con.conrelid") + notExtensionMember("pg_type", "con.contypid"),
            // indexes
            "SELECT t.relname, 'index ' || " + QNAME + "quote_ident(ic.relname), pg_get_indexdef(i.indexrelid) "
                    + "|| CASE WHEN NOT i.indisvalid THEN ' (INVALID)' ELSE '' END "
                    + "FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
                    + "JOIN pg_namespace n ON n.oid = ic.relnamespace WHERE " + USER_SCHEMA
                    + notExtensionMember("pg_class", "t.oid"),
            // functions, procedures, aggregates
            "SELECT p.proname, CASE p.prokind WHEN 'p' THEN 'procedure ' WHEN 'a' THEN 'aggregate ' ELSE 'function ' END "
                    + "|| " + QNAME
                    + "quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')', "
                    + "CASE WHEN p.prokind = 'a' THEN 'RETURNS ' || pg_get_function_result(p.oid) "
                    + "ELSE pg_get_functiondef(p.oid) END "
                    + "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE " + USER_SCHEMA
                    + notExtensionMember("pg_proc", "p.oid"),
            // triggers
            "SELECT c.relname, 'trigger ' || " + QNAME + "quote_ident(c.relname) || '.' || quote_ident(tg.tgname), "
                    + "pg_get_triggerdef(tg.oid, true) FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid "
                    + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT tg.tgisinternal AND " + USER_SCHEMA
                    + notExtensionMember("pg_class", "c.oid"),
            // enums, domains, composite types, ranges
            "SELECT NULL, CASE t.typtype WHEN 'e' THEN 'enum ' WHEN 'd' THEN 'domain ' WHEN 'c' THEN 'type ' "
                    + "  ELSE 'range ' END || " + QNAME + "quote_ident(t.typname), "
                    + "CASE t.typtype "
                    + "  WHEN 'e' THEN 'AS ENUM (' || coalesce((SELECT string_agg(quote_literal(e.enumlabel), ', ' "
                    + "    ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid), '') || ')' "
                    + "  WHEN 'd' THEN concat_ws(' ', 'AS ' || format_type(t.typbasetype, t.typtypmod), "
                    + "    CASE WHEN t.typnotnull THEN 'NOT NULL' END, 'DEFAULT ' || t.typdefault) "
                    + "  WHEN 'c' THEN 'AS (' || coalesce((SELECT string_agg(quote_ident(a.attname) || ' ' "
                    + "    || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) FROM pg_attribute a "
                    + "    WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), '') || ')' "
                    + "  ELSE (SELECT 'AS RANGE (SUBTYPE = ' || format_type(r.rngsubtype, NULL) || ')' "
                    + "    FROM pg_range r WHERE r.rngtypid = t.oid) END "
                    + "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                    + "WHERE t.typtype IN ('e', 'd', 'c', 'r') AND (t.typtype <> 'c' OR EXISTS (SELECT 1 FROM pg_class rc "
                    + "  WHERE rc.oid = t.typrelid AND rc.relkind = 'c')) AND " + USER_SCHEMA
                    + notExtensionMember("pg_type", "t.oid"),
            // row-level security policies
            "SELECT c.relname, 'policy ' || " + QNAME + "quote_ident(c.relname) || '.' || quote_ident(p.polname), "
                    + "concat_ws(' ', CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END, "
                    + "  'FOR ' || CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' "
                    + "    WHEN 'd' THEN 'DELETE' ELSE 'ALL' END, "
                    + "  'TO ' || (SELECT string_agg(r.name, ', ' ORDER BY r.name) FROM (SELECT CASE WHEN u = 0 "
                    + "    THEN 'PUBLIC' ELSE pg_get_userbyid(u) END AS name FROM unnest(p.polroles) AS u) r), "
                    + "  'USING (' || pg_get_expr(p.polqual, p.polrelid) || ')', "
                    + "  'WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')') "
                    + "FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid "
                    + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + USER_SCHEMA);

    private CatalogReader() {}

    /**
     * Reads every object.
     *
     * @param excludedTables unqualified table names left out with everything attached to them (a function of one of
     *                       these names is left out too)
     */
    public static SortedMap<String, String> read(Connection c, Set<String> excludedTables) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        String searchPath = Sql.string(c, "SELECT current_setting('search_path')");
        if (autoCommit) {
            c.setAutoCommit(false);
        }
        try {
            Sql.string(c, "SELECT set_config('search_path', 'pg_catalog', true)");
            SortedMap<String, String> objects = new TreeMap<>();
            for (String query : QUERIES) {
                try (PreparedStatement s = c.prepareStatement(query);
                        ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String table = rs.getString(1);
                        if (table == null || !excludedTables.contains(table)) {
                            objects.put(rs.getString(2), rs.getString(3) == null ? "" : rs.getString(3));
                        }
                    }
                }
            }
            return objects;
        } finally {
            if (autoCommit) {
                c.rollback();
                c.setAutoCommit(true);
            } else {
                Sql.string(c, "SELECT set_config('search_path', ?, true)", searchPath);
            }
        }
    }
}
