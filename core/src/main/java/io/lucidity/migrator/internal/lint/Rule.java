package io.lucidity.migrator.internal.lint;

import java.util.Locale;

/** The lint rules: id, the lock the statement takes and what that lock blocks (docs/lint.md). */
enum Rule {
    INDEX_NOT_CONCURRENT("SHARE", "writes, DDL"),
    REINDEX_NOT_CONCURRENT("SHARE (table), ACCESS EXCLUSIVE (index)", "writes, DDL, reads that use the index"),
    ADD_COLUMN_VOLATILE_DEFAULT(Rule.ACCESS_EXCLUSIVE, Rule.ALL),
    SET_NOT_NULL(Rule.ACCESS_EXCLUSIVE, Rule.ALL),
    ADD_NOT_NULL_COLUMN(Rule.ACCESS_EXCLUSIVE, Rule.ALL),
    ADD_FOREIGN_KEY("SHARE ROW EXCLUSIVE", "writes, DDL (on both tables)"),
    ADD_CHECK(Rule.ACCESS_EXCLUSIVE, Rule.ALL),
    ADD_UNIQUE(Rule.ACCESS_EXCLUSIVE, Rule.ALL),
    ADD_PRIMARY_KEY(Rule.ACCESS_EXCLUSIVE, Rule.ALL),
    ALTER_COLUMN_TYPE(Rule.ACCESS_EXCLUSIVE, Rule.ALL),
    RENAME_TABLE(Rule.ACCESS_EXCLUSIVE, "the previous build's queries on the old name"),
    RENAME_COLUMN(Rule.ACCESS_EXCLUSIVE, "the previous build's queries on the old name"),
    DROP_COLUMN(Rule.ACCESS_EXCLUSIVE, "the previous build's queries on the column"),
    DROP_TABLE(Rule.ACCESS_EXCLUSIVE, "the previous build's queries on the table"),
    VACUUM_FULL(Rule.ACCESS_EXCLUSIVE, Rule.ALL),
    CLUSTER(Rule.ACCESS_EXCLUSIVE, Rule.ALL),
    LOCK_TABLE(Rule.ACCESS_EXCLUSIVE, Rule.ALL),
    ADD_ENUM_VALUE_IN_TRANSACTION("none (refused by the server)", "the upgrade: the migration fails"),
    UNBOUNDED_DATA_CHANGE_WITH_DDL(
            "ROW EXCLUSIVE on every row, with the DDL's lock held until commit", "reads, writes, DDL until commit"),
    CONCURRENTLY_IN_TRANSACTION("none (refused by the server)", "the upgrade: the migration fails"),
    /** Not a static rule: a lock the trace measured that no rule predicted. */
    TRACED_LOCK("as traced", "as traced");

    static final String ACCESS_EXCLUSIVE = "ACCESS EXCLUSIVE";
    static final String ALL = "reads, writes, DDL";

    private final String lock;
    private final String blocks;

    Rule(String lock, String blocks) {
        this.lock = lock;
        this.blocks = blocks;
    }

    /** The id, e.g. {@code index-not-concurrent}. */
    String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    String lock() {
        return lock;
    }

    String blocks() {
        return blocks;
    }

    /** The rule of an id, or null. */
    static Rule of(String id) {
        for (Rule r : values()) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        return null;
    }
}
