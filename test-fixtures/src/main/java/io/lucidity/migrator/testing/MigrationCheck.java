package io.lucidity.migrator.testing;

/** The built-in migration checks of {@link MigrationChecks}, in the order {@link MigrationChecks#assertAll()} runs them. */
public enum MigrationCheck {
    /** Every file in the locations follows the naming rule and no version is duplicated. */
    FILES("Migration files"),
    /** An empty database upgrades to head, and a second upgrade finds it at head. */
    UPGRADE_FROM_EMPTY("Upgrade from empty to head"),
    /** Upgrading one version at a time gives the same schema as upgrading to head at once. */
    STEP_BY_STEP("Step-by-step upgrade equals one-shot"),
    /** Each undo script brings the schema back to what it was before its migration, which then applies again. */
    UNDO_ROUND_TRIP("Undo scripts round-trip"),
    /** Running the seeds again changes no row. */
    SEEDS_IDEMPOTENT("Seeds are idempotent"),
    /**
     * No migration, linted as the only pending one on a database at the version before it, holds a lock hazard of
     * error severity that no {@code -- migrator:allow <rule> <reason>} comment allows ({@code migrator lint};
     * docs/lint.md).
     */
    LOCK_HAZARDS("No lock hazards");

    private final String title;

    MigrationCheck(String title) {
        this.title = title;
    }

    /** A short title for messages. */
    public String title() {
        return title;
    }
}
