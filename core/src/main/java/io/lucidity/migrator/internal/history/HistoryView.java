package io.lucidity.migrator.internal.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The history rows read the way Flyway reads them: the effective applied versions (a later
 * {@code DELETE} row hides earlier rows of its version), the baseline, the failed rows and the latest
 * row of each repeatable migration.
 */
public final class HistoryView {
    private final List<AppliedRow> rows;
    private final Map<MigrationVersion, AppliedRow> applied = new LinkedHashMap<>();
    private final Map<String, AppliedRow> repeatable = new LinkedHashMap<>();
    private final List<AppliedRow> failed = new ArrayList<>();
    private MigrationVersion baseline;

    public HistoryView(List<AppliedRow> rows) {
        this.rows = List.copyOf(rows);
        for (AppliedRow row : rows) {
            if (!row.success()) {
                failed.add(row);
                continue;
            }
            if ("BASELINE".equals(row.type()) && row.version() != null) {
                MigrationVersion v = MigrationVersion.fromVersion(row.version());
                baseline = baseline == null || v.compareTo(baseline) > 0 ? v : baseline;
            } else if ("DELETE".equals(row.type())) {
                if (row.version() != null) {
                    applied.remove(MigrationVersion.fromVersion(row.version()));
                } else {
                    repeatable.remove(row.description());
                }
            } else if (row.isMigration()) {
                if (row.version() != null) {
                    applied.put(MigrationVersion.fromVersion(row.version()), row);
                } else {
                    repeatable.put(row.description(), row);
                }
            }
        }
    }

    /** All rows in installed order. */
    public List<AppliedRow> rows() {
        return rows;
    }

    /** Effective applied versioned migrations, by version. */
    public Map<MigrationVersion, AppliedRow> applied() {
        return applied;
    }

    /** The latest successful row of each repeatable migration, by description. */
    public Map<String, AppliedRow> repeatable() {
        return repeatable;
    }

    /** Failed rows. */
    public List<AppliedRow> failed() {
        return failed;
    }

    /** The highest baseline version, or null. */
    public MigrationVersion baseline() {
        return baseline;
    }

    /** The highest applied version, or the baseline, or null when nothing is applied. */
    public MigrationVersion current() {
        MigrationVersion max =
                applied.keySet().stream().max(Comparator.naturalOrder()).orElse(null);
        if (baseline != null && (max == null || baseline.compareTo(max) > 0)) {
            return baseline;
        }
        return max;
    }

    /** {@link #current()} as a revision name: the version, or {@code base}. */
    public String currentRevision() {
        MigrationVersion current = current();
        return current == null ? "base" : current.toString();
    }
}
