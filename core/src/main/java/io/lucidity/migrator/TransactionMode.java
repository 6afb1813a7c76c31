package io.lucidity.migrator;

/** How pending transactional migrations are grouped into transactions. */
public enum TransactionMode {
    /**
     * All pending transactional migrations run in one transaction, with their history rows, like Alembic
     * on PostgreSQL: the upgrade applies all of them or none. A non-transactional migration ends the
     * group before it and runs alone. The default.
     *
     * <p>One exception: from an empty database (no history row, nothing in the schema but Migrator's bookkeeping),
     * pending migrations too many for one transaction within the server's lock table are applied in batches, each its
     * own transaction ({@link UpgradeReport#batches()}).
     */
    SINGLE,
    /** Each migration runs in its own transaction with its history row, like Flyway's default. */
    PER_MIGRATION
}
