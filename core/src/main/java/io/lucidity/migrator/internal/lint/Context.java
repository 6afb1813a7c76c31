package io.lucidity.migrator.internal.lint;

import io.lucidity.migrator.LintFinding.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the statements read so far tell the rules: the tables, indexes and columns created by the upgrade (new, hence
 * empty), the column types seen, the {@code CHECK (col IS NOT NULL)} constraints validated, and, for the transaction
 * being read, whether DDL touched an existing table and which data changes wait for that verdict. Also the live
 * sizes ({@link TableSizes}) that rank a finding's severity.
 */
final class Context {
    private final String schema;
    private TableSizes sizes = TableSizes.unknown();
    private final Set<String> newTables = new HashSet<>();
    private final Map<String, String> newIndexes = new HashMap<>();
    private final Set<String> newColumns = new HashSet<>();
    private final Map<String, String> columnTypes = new HashMap<>();
    /** table.constraint → column of a {@code CHECK (column IS NOT NULL)}. */
    private final Map<String, String> notNullChecks = new HashMap<>();

    private final Set<String> validatedNotNull = new HashSet<>();
    private final Set<String> touched = new LinkedHashSet<>();
    /** Whether the statements being read only teach (applied migrations), or are linted. */
    private boolean learning;

    // The transaction being read.
    private boolean transactional;
    /** A BEGIN ... COMMIT written in a migration that runs outside a transaction. */
    private boolean explicit;

    private final List<Hit> flushed = new ArrayList<>();
    private boolean ddlOnExisting;
    private final List<Hit> dataChanges = new ArrayList<>();
    private final Map<String, Rule> notValidInTransaction = new HashMap<>();
    private final Map<String, Set<String>> enumValuesInTransaction = new HashMap<>();

    Context(String schema) {
        this.schema = schema;
    }

    /** {@code schema.table} in the catalog's spelling, unqualified names in the configured schema. */
    String qualify(String schemaOrNull, String name) {
        return (schemaOrNull == null ? schema : schemaOrNull) + "." + name;
    }

    void sizes(TableSizes sizes) {
        this.sizes = sizes;
    }

    TableSizes sizes() {
        return sizes;
    }

    void learning(boolean learning) {
        this.learning = learning;
    }

    boolean learning() {
        return learning;
    }

    /** Records a table a pending statement touches (for the size query). */
    void touch(String table) {
        if (!learning) {
            touched.add(table);
        }
    }

    /** The tables pending statements touch that the upgrade does not create (those whose size matters). */
    Set<String> touched() {
        Set<String> existing = new LinkedHashSet<>(touched);
        existing.removeAll(newTables);
        return existing;
    }

    void created(String table) {
        if (!learning) {
            newTables.add(table);
        }
    }

    boolean isNew(String table) {
        return newTables.contains(table);
    }

    void renamed(String from, String to) {
        if (newTables.remove(from)) {
            newTables.add(to);
        }
    }

    void indexCreated(String index, String table) {
        if (!learning && isNew(table)) {
            newIndexes.put(index, table);
        }
    }

    boolean isNewIndex(String index) {
        return newIndexes.containsKey(index);
    }

    void columnAdded(String table, String column, String type) {
        columnTypes.put(table + "." + column, type);
        if (!learning) {
            newColumns.add(table + "." + column);
        }
    }

    boolean isNewColumn(String table, String column) {
        return isNew(table) || newColumns.contains(table + "." + column);
    }

    String columnType(String table, String column) {
        return columnTypes.get(table + "." + column);
    }

    void notNullCheck(String table, String constraint, String column, boolean validated) {
        if (constraint != null) {
            notNullChecks.put(table + "." + constraint, column);
        }
        if (validated) {
            validatedNotNull.add(table + "." + column);
        }
    }

    void validated(String table, String constraint) {
        String column = notNullChecks.get(table + "." + constraint);
        if (column != null) {
            validatedNotNull.add(table + "." + column);
        }
    }

    boolean hasValidatedNotNull(String table, String column) {
        return validatedNotNull.contains(table + "." + column);
    }

    /**
     * The severity of a finding on an existing table: null when the table is new (created by the upgrade) or, with a
     * live database, not there; with one, an error for a large table and a warning for a small one; without, an error.
     */
    Severity severity(String table) {
        if (learning || isNew(table)) {
            return null;
        }
        if (!sizes.live()) {
            return Severity.ERROR;
        }
        TableSizes.Size size = sizes.size(table);
        if (size == null) {
            return null;
        }
        return size.large() ? Severity.ERROR : Severity.WARNING;
    }

    /** " (about 20000 rows, 2 MB)" with a live database, else "". */
    String sizeNote(String table) {
        TableSizes.Size size = sizes.live() ? sizes.size(table) : null;
        return size == null ? "" : " (" + TableSizes.describe(size) + ")";
    }

    // --- the transaction being read

    /** Starts a transaction ({@code transactional}) or a migration run alone without one. */
    void startTransaction(boolean transactional) {
        this.transactional = transactional;
        this.explicit = false;
        this.ddlOnExisting = false;
        this.dataChanges.clear();
        this.notValidInTransaction.clear();
        this.enumValuesInTransaction.clear();
    }

    boolean transactional() {
        return transactional || explicit;
    }

    /** A {@code BEGIN}/{@code START TRANSACTION} in a migration that runs outside a transaction. */
    void begin() {
        if (!transactional) {
            flushed.addAll(dataChangesWithDdl());
            startTransaction(false);
            explicit = true;
        }
    }

    /** A {@code COMMIT}/{@code END}/{@code ROLLBACK} closing {@link #begin()}. */
    void commit() {
        if (explicit) {
            flushed.addAll(dataChangesWithDdl());
            startTransaction(false);
        }
    }

    /** The data changes found with DDL in the explicit transactions closed so far (taken once). */
    List<Hit> takeFlushed() {
        List<Hit> taken = List.copyOf(flushed);
        flushed.clear();
        return taken;
    }

    /** DDL touched an existing table in this transaction. */
    void ddlOn(String table) {
        if (!isNew(table)) {
            ddlOnExisting = true;
        }
    }

    void dataChange(Hit hit) {
        dataChanges.add(hit);
    }

    /** The data changes that share their transaction with DDL on an existing table (at the transaction's end). */
    List<Hit> dataChangesWithDdl() {
        return transactional() && ddlOnExisting ? List.copyOf(dataChanges) : List.of();
    }

    void notValid(String table, String constraint, Rule rule) {
        if (constraint != null) {
            notValidInTransaction.put(table + "." + constraint, rule);
        }
    }

    /** The rule of a constraint added NOT VALID in this transaction, or null. */
    Rule addedNotValidHere(String table, String constraint) {
        return transactional() ? notValidInTransaction.get(table + "." + constraint) : null;
    }

    void enumValueAdded(String type, String value) {
        enumValuesInTransaction.computeIfAbsent(type, k -> new HashSet<>()).add(value);
    }

    /** The enum values added in this transaction. */
    Set<String> enumValuesAdded() {
        Set<String> all = new HashSet<>();
        enumValuesInTransaction.values().forEach(all::addAll);
        return all;
    }
}
