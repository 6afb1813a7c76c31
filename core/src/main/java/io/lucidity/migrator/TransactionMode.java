package io.lucidity.migrator;

/** How pending transactional migrations are grouped into transactions. */
public enum TransactionMode {
    /**
     * All pending transactional migrations run in one transaction, with their history rows, like Alembic
     * on PostgreSQL: the upgrade applies all of them or none. A non-transactional migration ends the
     * group before it and runs alone. The default.
     */
    SINGLE,
    /** Each migration runs in its own transaction with its history row, like Flyway's default. */
    PER_MIGRATION
}
