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

    /**
     * The listener told of one tenant's progress in a fleet upgrade: called once per tenant before its upgrade, on the
     * thread that upgrades it (tenants are upgraded in parallel). Override it to tell tenants apart; the default
     * reports every tenant to this listener.
     *
     * @param tenant the tenant's schema or database name
     */
    default MigratorListener forTenant(String tenant) {
        return this;
    }
}
