package io.lucidity.migrator.testing;

import io.lucidity.migrator.MigratorOption;
import io.lucidity.migrator.testing.internal.CatalogReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * A database's schema as PostgreSQL's catalog describes it: schemas, extensions, tables, views, sequences, columns
 * (position among the live columns, type, nullability, default, identity, generation, collation), constraints,
 * indexes, functions and procedures, triggers, types (enums, domains, composites, ranges), policies and comments.
 * Objects that belong to an extension are left out, and so are Migrator's bookkeeping tables unless asked for.
 * Names are schema-qualified and definitions come from {@code pg_get_*def}, so two snapshots compare equal
 * exactly when the schemas are the same, whatever the OIDs or the order in which objects were created.
 *
 * <pre>{@code
 * SchemaSnapshot before = SchemaSnapshot.of(dataSource);
 * ...
 * assertThat(SchemaSnapshot.of(dataSource).diff(before)).isEmpty();
 * }</pre>
 *
 * <p>Immutable; {@link #equals} compares the objects.
 */
public final class SchemaSnapshot {
    /**
     * Migrator's bookkeeping tables in the default configuration (and the trigger function of the history summary),
     * left out of snapshots by default.
     */
    public static final Set<String> BOOKKEEPING_TABLES = Set.of(
            MigratorOption.Defaults.TABLE,
            "migrator_journal",
            "migrator_seed_journal",
            "migrator_history_summary",
            "migrator_history_changed");

    private final SortedMap<String, String> objects;

    private SchemaSnapshot(SortedMap<String, String> objects) {
        this.objects = Collections.unmodifiableSortedMap(new TreeMap<>(objects));
    }

    /** The schema of the database behind {@code dataSource}, without Migrator's bookkeeping tables. */
    public static SchemaSnapshot of(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return of(c);
        } catch (SQLException e) {
            throw new FixtureException("Could not read the catalog: " + e.getMessage(), e);
        }
    }

    /** The schema of the connection's database, without Migrator's bookkeeping tables. */
    public static SchemaSnapshot of(Connection connection) {
        return of(connection, BOOKKEEPING_TABLES);
    }

    /**
     * The schema of the connection's database.
     *
     * @param excludedTables table names (unqualified, in any schema) left out with their columns, constraints,
     *                       indexes, triggers, policies and owned sequences
     */
    public static SchemaSnapshot of(Connection connection, Set<String> excludedTables) {
        try {
            return new SchemaSnapshot(CatalogReader.read(connection, excludedTables));
        } catch (SQLException e) {
            throw new FixtureException(
                    "Could not read the catalog: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
        }
    }

    /** Every object: a key such as {@code column public.users.email} and its definition. Sorted by key. */
    public SortedMap<String, String> objects() {
        return objects;
    }

    /**
     * What differs from {@code before} to this snapshot, one line per object, sorted: {@code + key: definition}
     * for an object only here, {@code - key: definition} for one only in {@code before}, and
     * {@code ~ key: old -> new} for a changed definition. Empty when the schemas are the same.
     */
    public List<String> diff(SchemaSnapshot before) {
        Objects.requireNonNull(before, "before");
        Set<String> keys =
                new TreeSet<>(Comparator.comparingInt(SchemaSnapshot::rank).thenComparing(k -> k));
        keys.addAll(objects.keySet());
        keys.addAll(before.objects.keySet());
        List<String> lines = new ArrayList<>();
        for (String key : keys) {
            String was = before.objects.get(key);
            String now = objects.get(key);
            if (was == null) {
                lines.add("+ " + key + definition(now));
            } else if (now == null) {
                lines.add("- " + key + definition(was));
            } else if (!was.equals(now)) {
                lines.add("~ " + key + ": " + oneLine(was) + "  ->  " + oneLine(now));
            }
        }
        return lines;
    }

    /** The diff as indented text, at most {@code maxLines} lines (and a count of the rest). */
    public static String render(List<String> diff, int maxLines) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < diff.size() && i < maxLines; i++) {
            text.append("\n    ").append(diff.get(i));
        }
        if (diff.size() > maxLines) {
            text.append("\n    ... and ").append(diff.size() - maxLines).append(" more difference(s)");
        }
        return text.toString();
    }

    /** Orders a diff as one would read a schema: schemas and extensions, relations, columns, then the rest. */
    private static final List<String> KIND_ORDER = List.of(
            "schema",
            "extension",
            "enum",
            "domain",
            "type",
            "range",
            "sequence",
            "table",
            "foreign table",
            "view",
            "materialized view",
            "column",
            "constraint",
            "index",
            "trigger",
            "policy",
            "function",
            "procedure",
            "aggregate",
            "comment on");

    private static int rank(String key) {
        int best = KIND_ORDER.size();
        int bestLength = 0;
        for (int i = 0; i < KIND_ORDER.size(); i++) {
            String kind = KIND_ORDER.get(i);
            if (key.startsWith(kind + " ") && kind.length() > bestLength) {
                best = i;
                bestLength = kind.length();
            }
        }
        return best;
    }

    private static String definition(String definition) {
        return definition.isEmpty() ? "" : ": " + oneLine(definition);
    }

    private static String oneLine(String definition) {
        String flat = definition.replaceAll("\\s+", " ").trim();
        return flat.length() <= 300 ? flat : flat.substring(0, 297) + "...";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SchemaSnapshot s && s.objects.equals(objects);
    }

    @Override
    public int hashCode() {
        return objects.hashCode();
    }

    /** One object per line. */
    @Override
    public String toString() {
        StringBuilder text =
                new StringBuilder("SchemaSnapshot[").append(objects.size()).append(" objects]");
        for (Map.Entry<String, String> e : objects.entrySet()) {
            text.append("\n  ").append(e.getKey()).append(definition(e.getValue()));
        }
        return text.toString();
    }
}
