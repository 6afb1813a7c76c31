package io.lucidity.migrator.testing.internal;

import io.lucidity.migrator.AppliedMigration;
import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.DowngradeResult;
import io.lucidity.migrator.HistoryEntry;
import io.lucidity.migrator.LintFinding;
import io.lucidity.migrator.LintReport;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.SeedResult;
import io.lucidity.migrator.UpgradeReport;
import io.lucidity.migrator.testing.MigrationCheck;
import io.lucidity.migrator.testing.MigrationCheckFailure;
import io.lucidity.migrator.testing.MigrationCheckResult;
import io.lucidity.migrator.testing.SchemaSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the built-in migration checks of {@link io.lucidity.migrator.testing.MigrationChecks} on fresh databases
 * of the fixtures' server, each dropped afterwards.
 */
public final class CheckRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CheckRunner.class);
    private static final int DIFF_LINES = 40;
    /** A version above any real one, so that the undo walk never reaches head (where repeatables and seeds run). */
    private static final String SENTINEL = "V99999999999999999999__migrator_checks_sentinel.sql";

    private static final String SENTINEL_VERSION = "99999999999999999999";

    private final Fixtures fixtures;
    private final FixtureOptions options;

    public CheckRunner(Fixtures fixtures, FixtureOptions options) {
        this.fixtures = fixtures;
        this.options = options;
    }

    /** Every check in order; after a failure of the files or of the upgrade from empty, the others are skipped. */
    public List<MigrationCheckResult> runAll() {
        List<MigrationCheckResult> results = new ArrayList<>();
        for (MigrationCheck check : MigrationCheck.values()) {
            MigrationCheckResult result = run(check);
            results.add(result);
            LOG.info("[migrator-fixtures] {}", result);
            boolean prerequisite = check == MigrationCheck.FILES || check == MigrationCheck.UPGRADE_FROM_EMPTY;
            if (prerequisite && !result.passed()) {
                break;
            }
        }
        return results;
    }

    /** Runs one check and throws its failure. */
    public void assertPassed(MigrationCheck check) {
        MigrationCheckResult result = run(check);
        if (!result.passed()) {
            throw result.failure();
        }
    }

    /** Runs one check. */
    public MigrationCheckResult run(MigrationCheck check) {
        long start = System.nanoTime();
        try {
            String summary = switch (check) {
                case FILES -> files();
                case UPGRADE_FROM_EMPTY -> upgradeFromEmpty();
                case STEP_BY_STEP -> stepByStep();
                case UNDO_ROUND_TRIP -> undoRoundTrip();
                case SEEDS_IDEMPOTENT -> seedsIdempotent();
                case LOCK_HAZARDS -> lockHazards();
            };
            return new MigrationCheckResult(check, null, summary, Duration.ofNanos(System.nanoTime() - start));
        } catch (MigrationCheckFailure failure) {
            return new MigrationCheckResult(check, failure, null, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    // --- the checks --------------------------------------------------------------------------------------------

    private String files() {
        try (Migrator migrator = options.configure(
                        fixtures.server().dataSource(fixtures.server().maintenanceDatabase()))
                .load()) {
            migrator.fingerprint();
            return "migration and seed files resolve";
        } catch (MigratorException e) {
            throw new MigrationCheckFailure(MigrationCheck.FILES, culprit(e, "the locations"), e.getMessage(), e);
        }
    }

    /**
     * Each migration linted as the only pending one after those before it (the tables they create exist, of unknown
     * size): fails on the error findings no {@code -- migrator:allow} comment allows, naming each with its fix.
     */
    private String lockHazards() {
        LintReport report;
        try {
            report = Migrator.lintEachMigration(options.configure(
                    fixtures.server().dataSource(fixtures.server().maintenanceDatabase())));
        } catch (MigratorException e) {
            throw new MigrationCheckFailure(
                    MigrationCheck.LOCK_HAZARDS, culprit(e, "the locations"), e.getMessage(), e);
        }
        List<LintFinding> blocking = report.blocking();
        if (!blocking.isEmpty()) {
            StringBuilder detail = new StringBuilder(blocking.size()
                    + " statement(s) would block traffic or break the running build while they migrate a live"
                    + " database (allow one with -- migrator:allow <rule> <reason> above it):");
            for (LintFinding f : blocking) {
                detail.append("\n  ")
                        .append(f.migration())
                        .append(" line ")
                        .append(f.line())
                        .append(": ")
                        .append(f.rule())
                        .append(" (takes ")
                        .append(f.lock())
                        .append(", blocks ")
                        .append(f.blocks())
                        .append("): ")
                        .append(f.message())
                        .append("\n    fix: ")
                        .append(f.fix().replace("\n", "\n         "));
            }
            throw new MigrationCheckFailure(
                    MigrationCheck.LOCK_HAZARDS, blocking.get(0).migration(), detail.toString(), null);
        }
        long allowed = report.findings().stream().filter(LintFinding::isAllowed).count();
        return report.linted() + " migration(s) linted: no lock hazard"
                + (allowed == 0 ? "" : " (" + allowed + " allowed)")
                + (report.findings().size() > allowed
                        ? ", " + (report.findings().size() - allowed) + " warning(s)"
                        : "");
    }

    private String upgradeFromEmpty() {
        try (Db db = new Db(options)) {
            UpgradeReport report = upgradeToHead(db, MigrationCheck.UPGRADE_FROM_EMPTY);
            UpgradeReport again;
            try {
                again = db.migrator().upgradeToHead();
            } catch (MigratorException e) {
                throw new MigrationCheckFailure(
                        MigrationCheck.UPGRADE_FROM_EMPTY,
                        culprit(e, "the second upgrade"),
                        "A second upgradeToHead() right after the first failed: " + e.getMessage(),
                        e);
            }
            if (!again.upToDate()) {
                throw new MigrationCheckFailure(
                        MigrationCheck.UPGRADE_FROM_EMPTY,
                        "the second upgrade",
                        "A second upgradeToHead() right after the first still found work to do: " + again.summary()
                                + " Does a seed's content change on every run (e.g. a ${env:...} value)?",
                        null);
            }
            return report.migrations().size() + " migration(s) and "
                    + report.seeds().size() + " seed(s) applied to an empty database, to revision "
                    + report.toRevision();
        }
    }

    private String stepByStep() {
        SchemaSnapshot oneShot;
        List<HistoryEntry> versions;
        try (Db db = new Db(options)) {
            upgradeToHead(db, MigrationCheck.STEP_BY_STEP);
            oneShot = db.schema();
            versions = versions(db.migrator());
        }
        List<String> digests = new ArrayList<>();
        SchemaSnapshot stepwise;
        try (Db db = new Db(options)) {
            HistoryEntry previous = null;
            for (HistoryEntry v : versions) {
                try {
                    db.migrator().upgradeTo(v.version());
                } catch (MigratorException e) {
                    throw new MigrationCheckFailure(
                            MigrationCheck.STEP_BY_STEP,
                            label(v),
                            "It fails when applied on "
                                    + "its own, "
                                    + (previous == null
                                            ? "as the first migration"
                                            : "after " + label(previous) + " was committed")
                                    + ", though it succeeds together with the others in one upgrade: "
                                    + e.getMessage(),
                            e);
                }
                digests.add(digest(db.schema()));
                previous = v;
            }
            upgradeToHead(db, MigrationCheck.STEP_BY_STEP);
            stepwise = db.schema();
        }
        if (stepwise.equals(oneShot)) {
            return versions.size() + " version(s) applied one at a time give the same schema as one upgrade";
        }
        return firstDifference(versions, digests, stepwise, oneShot);
    }

    /** Finds the first version at which step-by-step and one-shot differ, by bisection over one-shot upgrades. */
    private String firstDifference(
            List<HistoryEntry> versions, List<String> digests, SchemaSnapshot stepwise, SchemaSnapshot oneShot) {
        int last = versions.size() - 1;
        if (last < 0 || digests.get(last).equals(digest(oneShotTo(versions.get(last))))) {
            throw new MigrationCheckFailure(
                    MigrationCheck.STEP_BY_STEP,
                    "the repeatable migrations or seeds",
                    "Every version gives the same schema either way, but after the repeatable migrations and seeds "
                            + "at head the schemas differ (+ only step by step, - only in one upgrade):"
                            + SchemaSnapshot.render(stepwise.diff(oneShot), DIFF_LINES),
                    null);
        }
        int low = 0;
        int high = last;
        while (low < high) {
            int middle = (low + high) / 2;
            if (digests.get(middle).equals(digest(oneShotTo(versions.get(middle))))) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        HistoryEntry culprit = versions.get(low);
        SchemaSnapshot one = oneShotTo(culprit);
        SchemaSnapshot step = stepwiseTo(versions.subList(0, low + 1));
        throw new MigrationCheckFailure(
                MigrationCheck.STEP_BY_STEP,
                label(culprit),
                "Upgrading one version at a time gives a different schema from " + label(culprit) + " on than "
                        + "upgrading to it at once (all pending migrations in one transaction). Look for logic that "
                        + "depends on what the same transaction did (temporary tables ON COMMIT DROP, "
                        + "txid_current(), now()) or on rows a later seed writes. Differences at " + label(culprit)
                        + " (+ only step by step, - only in one upgrade):"
                        + SchemaSnapshot.render(step.diff(one), DIFF_LINES),
                null);
    }

    private SchemaSnapshot oneShotTo(HistoryEntry version) {
        try (Db db = new Db(options)) {
            db.migrator().upgradeTo(version.version());
            return db.schema();
        }
    }

    private SchemaSnapshot stepwiseTo(List<HistoryEntry> versions) {
        try (Db db = new Db(options)) {
            for (HistoryEntry v : versions) {
                db.migrator().upgradeTo(v.version());
            }
            return db.schema();
        }
    }

    private String undoRoundTrip() {
        Path sentinel = sentinelLocation();
        FixtureOptions withSentinel = new FixtureOptions(
                append(options.locations(), "filesystem:" + sentinel),
                options.seeds(),
                options.extensions(),
                options.schema(),
                "head",
                options.placeholders(),
                options.scope(),
                false,
                options.maxConnections(),
                options.pooled(),
                options.customizer());
        try (Db db = new Db(withSentinel)) {
            Migrator m = db.migrator();
            m.upgradeTo("base");
            List<HistoryEntry> versions = versions(m).stream()
                    .filter(v -> !v.version().equals(SENTINEL_VERSION))
                    .toList();
            String previous = "base";
            SchemaSnapshot before = db.schema();
            List<String> roundTripped = new ArrayList<>();
            for (HistoryEntry v : versions) {
                apply(m, v, "before undoing it");
                SchemaSnapshot applied = db.schema();
                DowngradeResult undo;
                try {
                    undo = m.downgradeTo(previous);
                } catch (MigratorException e) {
                    if (e.code() == DiagnosticCode.NO_UNDO) {
                        before = applied;
                        previous = v.version();
                        continue;
                    }
                    throw new MigrationCheckFailure(
                            MigrationCheck.UNDO_ROUND_TRIP,
                            "the undo script of " + label(v),
                            culprit(e, "") + " failed: " + e.getMessage(),
                            e);
                }
                String script = undo.undone().stream()
                        .map(AppliedMigration::script)
                        .findFirst()
                        .orElse("U" + v.version());
                SchemaSnapshot undone = db.schema();
                if (!undone.equals(before)) {
                    throw new MigrationCheckFailure(
                            MigrationCheck.UNDO_ROUND_TRIP,
                            script,
                            "After " + script
                                    + " undid " + label(v) + ", the schema is not what it was before " + label(v)
                                    + " (+ left after the undo, - missing since):"
                                    + SchemaSnapshot.render(undone.diff(before), DIFF_LINES),
                            null);
                }
                apply(m, v, "again after " + script + " undid it");
                SchemaSnapshot reapplied = db.schema();
                if (!reapplied.equals(applied)) {
                    throw new MigrationCheckFailure(
                            MigrationCheck.UNDO_ROUND_TRIP,
                            script,
                            "Applying " + label(v)
                                    + " again after " + script
                                    + " gives a different schema than the first time (+ only "
                                    + "the second time, - only the first):"
                                    + SchemaSnapshot.render(reapplied.diff(applied), DIFF_LINES),
                            null);
                }
                roundTripped.add(script);
                before = reapplied;
                previous = v.version();
            }
            return roundTripped.isEmpty()
                    ? "no undo scripts to check"
                    : roundTripped.size() + " undo script(s) restore the schema: " + roundTripped;
        } finally {
            RamTablespace.deleteQuietly(sentinel);
        }
    }

    private static void apply(Migrator m, HistoryEntry v, String when) {
        try {
            m.upgradeTo(v.version());
        } catch (MigratorException e) {
            throw new MigrationCheckFailure(
                    MigrationCheck.UNDO_ROUND_TRIP, label(v), "Applying it " + when + " failed: " + e.getMessage(), e);
        }
    }

    private String seedsIdempotent() {
        try (Db db = new Db(options)) {
            UpgradeReport report = upgradeToHead(db, MigrationCheck.SEEDS_IDEMPOTENT);
            if (report.seeds().isEmpty()) {
                return "no seeds to check";
            }
            Set<String> bookkeeping = db.database.bookkeepingTables();
            SortedMap<String, RowChecksums.Content> before = checksums(db, bookkeeping);
            List<SeedResult> again;
            try {
                again = db.migrator().seed();
            } catch (MigratorException e) {
                throw new MigrationCheckFailure(
                        MigrationCheck.SEEDS_IDEMPOTENT,
                        culprit(e, "the seeds"),
                        "Running the seeds a second time failed, so they are not idempotent: " + e.getMessage(),
                        e);
            }
            List<String> changed = RowChecksums.diff(before, checksums(db, bookkeeping));
            if (changed.isEmpty()) {
                return again.size() + " seed(s) run twice; no row changed";
            }
            List<String> suspects = again.stream()
                    .filter(s -> s.rowsAffected() > 0)
                    .map(s -> s.name() + " (" + s.rowsAffected() + " row(s))")
                    .toList();
            String culprit = suspects.isEmpty() ? "the seeds changing " + changed : String.join(", ", suspects);
            throw new MigrationCheckFailure(
                    MigrationCheck.SEEDS_IDEMPOTENT,
                    culprit,
                    "Running the seeds a second "
                            + "time changed rows, so a later deploy would change data again:"
                            + SchemaSnapshot.render(changed, DIFF_LINES)
                            + (suspects.isEmpty()
                                    ? ""
                                    : "\n  Seeds that reported changed rows the second time: " + suspects)
                            + "\n  Make each seed idempotent: INSERT ... ON CONFLICT DO NOTHING (or DO UPDATE ... WHERE the "
                            + "row differs), or a declarative seed with mode insert-missing.",
                    null);
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private static UpgradeReport upgradeToHead(Db db, MigrationCheck check) {
        try {
            return db.migrator().upgradeToHead();
        } catch (MigratorException e) {
            throw new MigrationCheckFailure(
                    check,
                    culprit(e, "the upgrade"),
                    "Upgrading an empty database to head failed: " + e.getMessage(),
                    e);
        }
    }

    private static SortedMap<String, RowChecksums.Content> checksums(Db db, Set<String> excluded) {
        try (Connection c = db.database.dataSource().getConnection()) {
            return RowChecksums.read(c, excluded);
        } catch (SQLException e) {
            throw new io.lucidity.migrator.testing.FixtureException(
                    "Could not read the tables' rows: " + e.getMessage(), e);
        }
    }

    /** The versioned migrations of this build, in version order. */
    private static List<HistoryEntry> versions(Migrator migrator) {
        return migrator.history().stream()
                .filter(h -> h.version() != null)
                .sorted(Comparator.comparing(h -> MigrationVersion.fromVersion(h.version())))
                .toList();
    }

    private static String label(HistoryEntry v) {
        return "V" + v.version() + " (" + v.script() + ")";
    }

    /** The file a diagnostic names: the migration, undo script, seed or file. */
    private static String culprit(MigratorException e, String fallback) {
        for (String fact : List.of("migration", "undo script", "seed", "file")) {
            String value = e.facts().get(fact);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        if (e.facts().get("first") != null) {
            return e.facts().get("first") + " and " + e.facts().get("second");
        }
        return fallback;
    }

    private static String digest(SchemaSnapshot snapshot) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            snapshot.objects().forEach((key, definition) -> {
                sha.update(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(definition.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
            });
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static Path sentinelLocation() {
        try {
            Path dir = Files.createTempDirectory("migrator-checks-");
            Files.writeString(
                    dir.resolve(SENTINEL),
                    "-- Marks a version above every real one, so that the undo "
                            + "check never reaches head. Never applied.\nSELECT 1;\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the undo check's sentinel migration", e);
        }
    }

    private static List<String> append(List<String> list, String element) {
        List<String> copy = new ArrayList<>(list);
        copy.add(element);
        return copy;
    }

    /** A fresh empty database for one check, dropped when closed. */
    private final class Db implements AutoCloseable {
        final TestDatabase database;

        Db(FixtureOptions options) {
            this.database = fixtures.createEmpty(options);
        }

        Migrator migrator() {
            return database.migrator();
        }

        SchemaSnapshot schema() {
            return database.schema();
        }

        @Override
        public void close() {
            fixtures.release(database, false, "migration check");
        }
    }
}
