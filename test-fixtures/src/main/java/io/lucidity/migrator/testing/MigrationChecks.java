package io.lucidity.migrator.testing;

import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorOption;
import io.lucidity.migrator.testing.MigratedDatabase.Scope;
import io.lucidity.migrator.testing.internal.CheckRunner;
import io.lucidity.migrator.testing.internal.FixtureOptions;
import io.lucidity.migrator.testing.internal.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Built-in checks of a project's own migrations and seeds, each run on fresh databases of the fixtures' server
 * and each naming the exact migration, undo script, seed or file that breaks it:
 *
 * <pre>{@code
 * @Test
 * void migrationsAreSound() {
 *     MigrationChecks.forLocations("classpath:db/migration").seeds("classpath:db/seed").assertAll();
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link #assertFilesAreValid()}: no mis-named file, no duplicate version;</li>
 *   <li>{@link #assertUpgradesFromEmpty()}: an empty database upgrades to head, and a second upgrade has nothing
 *       to do;</li>
 *   <li>{@link #assertStepByStepMatchesOneShot()}: {@code upgradeTo} each version in turn, then head, gives the
 *       same schema as one {@code upgradeToHead()} — compared through the catalog ({@link SchemaSnapshot});</li>
 *   <li>{@link #assertUndoScriptsRoundTrip()}: after each undo script the schema is what it was before its
 *       migration, and the migration applies again to the same schema;</li>
 *   <li>{@link #assertSeedsAreIdempotent()}: running the seeds again changes no row (row checksums per table);</li>
 *   <li>{@link #assertNoLockHazards()}: no migration holds a lock hazard of error severity that no
 *       {@code -- migrator:allow} comment allows (docs/lint.md).</li>
 * </ul>
 *
 * <p>Immutable: each setting returns a new instance.
 */
public final class MigrationChecks {
    private final List<String> locations;
    private final List<String> seeds;
    private final List<String> extensions;
    private final String schema;
    private final Map<String, String> placeholders;
    private final Consumer<MigratorConfig.Builder> customizer;

    private MigrationChecks(
            List<String> locations,
            List<String> seeds,
            List<String> extensions,
            String schema,
            Map<String, String> placeholders,
            Consumer<MigratorConfig.Builder> customizer) {
        this.locations = List.copyOf(locations);
        this.seeds = List.copyOf(seeds);
        this.extensions = List.copyOf(extensions);
        this.schema = schema;
        this.placeholders = Map.copyOf(placeholders);
        this.customizer = customizer;
    }

    /** Checks of the migrations in {@code locations} ({@code classpath:} or {@code filesystem:}); no seeds yet. */
    public static MigrationChecks forLocations(String... locations) {
        return new MigrationChecks(
                List.of(locations),
                List.of(),
                List.of(MigratorOption.Defaults.EXTENSIONS),
                MigratorOption.Defaults.SCHEMA,
                Map.of(),
                null);
    }

    /** The seed locations run at head. Default: none. */
    public MigrationChecks seeds(String... seedLocations) {
        return new MigrationChecks(locations, List.of(seedLocations), extensions, schema, placeholders, customizer);
    }

    /** Extensions ensured before the migrations. Default: {@code vector}. */
    public MigrationChecks extensions(String... extensionSpecs) {
        return new MigrationChecks(locations, seeds, List.of(extensionSpecs), schema, placeholders, customizer);
    }

    /** Schema of the history tables. Default: {@code public}. */
    public MigrationChecks schema(String historySchema) {
        return new MigrationChecks(locations, seeds, extensions, historySchema, placeholders, customizer);
    }

    /** Adds a Flyway placeholder. Default: none. */
    public MigrationChecks placeholder(String name, String value) {
        Map<String, String> more = new TreeMap<>(placeholders);
        more.put(name, value);
        return new MigrationChecks(locations, seeds, extensions, schema, more, customizer);
    }

    /** Further Migrator settings, applied after the ones above. Default: none. */
    public MigrationChecks configure(Consumer<MigratorConfig.Builder> migratorSettings) {
        return new MigrationChecks(locations, seeds, extensions, schema, placeholders, migratorSettings);
    }

    /**
     * Runs every check and fails with one error listing each failed check; stops after the first two when the
     * files are invalid or an empty database does not upgrade, since the others cannot run then.
     *
     * @throws MigrationCheckFailure naming each culprit
     */
    public void assertAll() {
        List<MigrationCheckResult> results = run();
        List<MigrationCheckFailure> failures = new ArrayList<>();
        results.stream().filter(r -> !r.passed()).forEach(r -> failures.add(r.failure()));
        if (failures.isEmpty()) {
            return;
        }
        if (failures.size() == 1) {
            throw failures.get(0);
        }
        StringBuilder text = new StringBuilder(failures.size() + " migration checks failed:");
        for (MigrationCheckFailure f : failures) {
            text.append("\n\n").append(f.getMessage());
        }
        MigrationCheckFailure all = new MigrationCheckFailure(text.toString(), failures.get(0));
        failures.forEach(all::addSuppressed);
        throw all;
    }

    /** Runs every check and returns their results, without failing. */
    public List<MigrationCheckResult> run() {
        return runner().runAll();
    }

    /** @throws MigrationCheckFailure naming a mis-named file or both files of a duplicated version */
    public void assertFilesAreValid() {
        runner().assertPassed(MigrationCheck.FILES);
    }

    /** @throws MigrationCheckFailure naming the migration or seed that fails on an empty database */
    public void assertUpgradesFromEmpty() {
        runner().assertPassed(MigrationCheck.UPGRADE_FROM_EMPTY);
    }

    /** @throws MigrationCheckFailure naming the first version whose schema differs, with the diff */
    public void assertStepByStepMatchesOneShot() {
        runner().assertPassed(MigrationCheck.STEP_BY_STEP);
    }

    /** @throws MigrationCheckFailure naming the undo script that does not restore the schema, with the diff */
    public void assertUndoScriptsRoundTrip() {
        runner().assertPassed(MigrationCheck.UNDO_ROUND_TRIP);
    }

    /** @throws MigrationCheckFailure naming the tables whose rows changed and the seeds that changed them */
    public void assertSeedsAreIdempotent() {
        runner().assertPassed(MigrationCheck.SEEDS_IDEMPOTENT);
    }

    /**
     * Lints each migration as the only pending one on a database at the version before it (the tables earlier
     * migrations create exist, of unknown size), as {@code migrator lint} would before that release's upgrade.
     *
     * @throws MigrationCheckFailure naming each error finding that no {@code -- migrator:allow <rule> <reason>}
     *                               comment allows, with its lock and fix
     */
    public void assertNoLockHazards() {
        runner().assertPassed(MigrationCheck.LOCK_HAZARDS);
    }

    private CheckRunner runner() {
        FixtureOptions options = new FixtureOptions(
                locations,
                seeds,
                extensions,
                schema,
                "head",
                placeholders,
                Scope.PER_METHOD,
                false,
                20,
                true,
                customizer);
        return new CheckRunner(Fixtures.get(), options);
    }

    @Override
    public String toString() {
        return "MigrationChecks[locations=" + locations + ", seeds=" + seeds + ", extensions=" + extensions
                + ", schema=" + schema + "]";
    }
}
