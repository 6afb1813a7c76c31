package io.lucidity.migrator;

/**
 * Told of progress while an upgrade runs (for progress lines, metrics). Called on the upgrading thread;
 * a migration is reported when its statements completed (its transaction may still commit later).
 */
public interface MigratorListener {

    /** An extension was ensured. */
    default void extensionEnsured(ExtensionResult extension) {}

    /** A migration's statements completed. */
    default void migrationApplied(AppliedMigration migration) {}

    /** A seed ran or was found unchanged. */
    default void seedCompleted(SeedResult seed) {}
}
