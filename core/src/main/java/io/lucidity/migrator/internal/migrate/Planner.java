package io.lucidity.migrator.internal.migrate;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.internal.Facts;
import io.lucidity.migrator.internal.NameList;
import io.lucidity.migrator.internal.config.FrontEnd;
import io.lucidity.migrator.internal.history.AppliedRow;
import io.lucidity.migrator.internal.history.HistoryView;
import io.lucidity.migrator.internal.resolve.MigrationCatalog;
import io.lucidity.migrator.internal.resolve.ResolvedMigration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares this build's migrations with the history and decides what to apply, or refuses: failed
 * rows, changed checksums, applied migrations unknown to this build, and out-of-order pending ones.
 */
public final class Planner {
    private static final Logger LOG = LoggerFactory.getLogger(Planner.class);

    /**
     * What an upgrade will do.
     *
     * @param current    the revision before
     * @param versioned  pending versioned migrations, in order
     * @param repeatable repeatable migrations to (re-)apply
     * @param ahead      applied versions this build does not know (tolerated)
     */
    public record Plan(
            String current, List<ResolvedMigration> versioned, List<ResolvedMigration> repeatable, List<String> ahead) {
        /** True when nothing is to be applied. */
        public boolean isEmpty() {
            return versioned.isEmpty() && repeatable.isEmpty();
        }
    }

    private final MigratorConfig config;

    public Planner(MigratorConfig config) {
        this.config = config;
    }

    /**
     * Plans an upgrade to {@code target}.
     *
     * @param target            the version to reach; null for base
     * @param includeRepeatable true when the target is head (repeatables and seeds run only at head)
     */
    public Plan plan(
            MigrationCatalog catalog, HistoryView history, MigrationVersion target, boolean includeRepeatable) {
        refuseFailed(history);
        List<String> ahead = checkApplied(catalog, history);
        List<ResolvedMigration> pending = pending(catalog, history, target);
        List<ResolvedMigration> repeatable = includeRepeatable ? pendingRepeatable(catalog, history) : List.of();
        return new Plan(history.currentRevision(), pending, repeatable, ahead);
    }

    /** Validates without planning: the refusals {@link #plan} would raise for head. */
    public void validate(MigrationCatalog catalog, HistoryView history) {
        plan(catalog, history, catalog.headVersion(), true);
    }

    private void refuseFailed(HistoryView history) {
        if (history.failed().isEmpty()) {
            return;
        }
        AppliedRow first = history.failed().get(0);
        String label = first.version() != null ? "V" + first.version() : "R " + first.description();
        throw MigratorException.of(
                DiagnosticCode.FAILED_MIGRATION,
                "The history records a failed migration: " + label + " (" + first.script() + ").",
                Facts.of(
                                "failed migrations",
                                NameList.of(history.failed().stream()
                                        .map(r -> (r.version() != null ? "V" + r.version() : "R " + r.description())
                                                + " " + r.script() + " at " + r.installedOn())
                                        .toList()))
                        .and("current revision", history.currentRevision())
                        .map(),
                "Check the schema for what " + label + " left behind and undo or complete it by hand, then run "
                        + FrontEnd.of(config.integration()).repair()
                        + " (removes the failed rows) and start again; or, if its change is complete, "
                        + FrontEnd.of(config.integration())
                                .stamp(first.version() != null ? first.version() : history.currentRevision())
                        + ".",
                null);
    }

    private List<String> checkApplied(MigrationCatalog catalog, HistoryView history) {
        MigrationVersion head = catalog.headVersion();
        List<String> ahead = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<MigrationVersion, AppliedRow> entry : history.applied().entrySet()) {
            ResolvedMigration resolved = catalog.find(entry.getKey());
            AppliedRow row = entry.getValue();
            if (resolved == null) {
                if (head == null || entry.getKey().compareTo(head) > 0) {
                    ahead.add(row.version());
                } else {
                    missing.add("V" + row.version() + " (" + row.script() + ")");
                }
            } else if (!Objects.equals(resolved.checksum(), row.checksum())) {
                mismatched.add("V" + row.version() + " " + resolved.displayPath() + ": applied " + row.checksum()
                        + ", file now " + resolved.checksum());
            }
        }
        if (!mismatched.isEmpty()) {
            throw MigratorException.of(
                    DiagnosticCode.CHECKSUM_MISMATCH,
                    mismatched.size() == 1
                            ? "An applied migration was changed after it was applied."
                            : mismatched.size() + " applied migrations were changed after they were applied.",
                    Facts.of("changed", NameList.of(mismatched, "\n", "migrations"))
                            .map(),
                    "Restore the applied version of the file (git log -p on it). If the change is intended and "
                            + "equivalent, record the new checksums: "
                            + FrontEnd.of(config.integration()).repair() + ".",
                    null);
        }
        if (!missing.isEmpty()) {
            throw MigratorException.of(
                    DiagnosticCode.MISSING_MIGRATION,
                    "Applied migrations are missing from this build although newer ones are present.",
                    Facts.of("missing", NameList.of(missing))
                            .and("head of this build", head)
                            .map(),
                    "Restore the missing files, or, if they were removed on purpose, mark them deleted: "
                            + FrontEnd.of(config.integration()).repair() + ".",
                    null);
        }
        if (!ahead.isEmpty()) {
            if (!config.tolerateNewerSchema()) {
                throw MigratorException.of(
                        DiagnosticCode.SCHEMA_AHEAD,
                        "The database holds migrations newer than this build (older code on a newer schema).",
                        Facts.of("database revision", history.currentRevision())
                                .and("newest in this build", head == null ? "base" : head.toString())
                                .and("unknown applied versions", NameList.of(ahead, ", ", "versions"))
                                .map(),
                        "Deploy the newer build; or, during a rolling upgrade where this build works with the newer schema, "
                                + "set " + FrontEnd.of(config.integration()).assign("tolerate-newer-schema", "true")
                                + ".",
                        null);
            }
            LOG.warn(
                    "[migrator] The database holds migrations newer than this build ({}); tolerated (tolerate-newer-schema)",
                    NameList.of(ahead, ", ", "versions"));
        }
        return ahead;
    }

    private List<ResolvedMigration> pending(MigrationCatalog catalog, HistoryView history, MigrationVersion target) {
        MigrationVersion baseline = history.baseline();
        MigrationVersion maxApplied = history.applied().keySet().stream()
                .max(MigrationVersion::compareTo)
                .orElse(null);
        List<ResolvedMigration> pending = new ArrayList<>();
        List<ResolvedMigration> outOfOrder = new ArrayList<>();
        for (ResolvedMigration m : catalog.upTo(target)) {
            if (history.applied().containsKey(m.version())
                    || (baseline != null && m.version().compareTo(baseline) <= 0)) {
                continue;
            }
            if (maxApplied != null && m.version().compareTo(maxApplied) < 0) {
                outOfOrder.add(m);
            }
            pending.add(m);
        }
        if (!outOfOrder.isEmpty() && !config.outOfOrder()) {
            throw MigratorException.of(
                    DiagnosticCode.OUT_OF_ORDER,
                    "Pending migrations are older than the newest applied one (" + maxApplied + ").",
                    Facts.of(
                                    "out of order",
                                    NameList.of(outOfOrder.stream()
                                            .map(ResolvedMigration::label)
                                            .toList()))
                            .and("newest applied", maxApplied)
                            .map(),
                    "Rename them to versions above " + maxApplied + " (e.g. V" + nextVersionHint(maxApplied)
                            + "__...), or apply them anyway with "
                            + FrontEnd.of(config.integration()).assign("out-of-order", "true") + ".",
                    null);
        }
        return pending;
    }

    private static String nextVersionHint(MigrationVersion max) {
        String text = max.toString();
        int dot = text.lastIndexOf('.');
        try {
            if (dot < 0) {
                return String.valueOf(Long.parseLong(text) + 1);
            }
            return text.substring(0, dot + 1) + (Long.parseLong(text.substring(dot + 1)) + 1);
        } catch (NumberFormatException e) {
            return text + ".1";
        }
    }

    private static List<ResolvedMigration> pendingRepeatable(MigrationCatalog catalog, HistoryView history) {
        List<ResolvedMigration> pending = new ArrayList<>();
        for (ResolvedMigration m : catalog.repeatable()) {
            AppliedRow latest = history.repeatable().get(m.description());
            if (latest == null || !Objects.equals(latest.checksum(), m.checksum())) {
                pending.add(m);
            }
        }
        return pending;
    }
}
