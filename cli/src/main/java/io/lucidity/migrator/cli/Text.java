package io.lucidity.migrator.cli;

import io.lucidity.migrator.AppliedMigration;
import io.lucidity.migrator.HistoryEntry;
import io.lucidity.migrator.MigrationState;
import io.lucidity.migrator.Status;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Wording shared by several commands: migration labels, states, times. Presentation only. */
public final class Text {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Text() {}

    /** {@code V3 create documents}, or {@code R refresh views} for a repeatable migration. */
    public static String label(AppliedMigration m) {
        return (m.version() == null ? "R" : "V" + m.version()) + " " + m.description();
    }

    /** {@code V3 create documents}, or {@code R refresh views} for a repeatable migration. */
    public static String label(HistoryEntry h) {
        return (h.version() == null ? "R" : "V" + h.version()) + " " + h.description();
    }

    /** A comma-separated list, or {@code none}. */
    public static String list(List<String> items) {
        return items == null || items.isEmpty() ? "none" : String.join(", ", items);
    }

    /** {@code out of order} for {@link MigrationState#OUT_OF_ORDER}. */
    public static String state(MigrationState state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** A local date-time without fractions, or null. */
    public static String time(TemporalAccessor time) {
        return time == null ? null : TIME.format(time);
    }

    /**
     * The state of the database against this build in words, as {@code current --verbose} shows it:
     * {@code clean}, or any of {@code failed}, {@code half-applied}, {@code ahead of code},
     * {@code checksum changed}, {@code migration file missing}, {@code behind code (N pending)},
     * {@code extension missing}, {@code seeds to run}, {@code being migrated}.
     */
    public static List<String> states(Status status) {
        List<String> states = new ArrayList<>();
        addIf(states, status, MigrationState.FAILED, "failed");
        addIf(states, status, MigrationState.PARTIAL, "half-applied");
        addIf(states, status, MigrationState.UNKNOWN, "ahead of code");
        addIf(states, status, MigrationState.CHANGED, "checksum changed");
        addIf(states, status, MigrationState.MISSING, "migration file missing");
        if (!status.pending().isEmpty()) {
            states.add("behind code (" + status.pending().size() + " pending)");
        }
        if (!status.extensions().stream().allMatch(Status.ExtensionStatus::satisfied)) {
            states.add("extension missing");
        }
        if (!status.seeds().stream().allMatch(s -> s.state() == Status.SeedState.CURRENT)) {
            states.add("seeds to run");
        }
        if (status.lockHolder() != null) {
            states.add("being migrated (lock held by pid " + status.lockHolder().pid() + ")");
        }
        if (states.isEmpty()) {
            states.add("clean");
        }
        return states;
    }

    private static void addIf(List<String> states, Status status, MigrationState state, String word) {
        List<String> versions = status.problems().stream()
                .filter(h -> h.state() == state)
                .map(h -> h.version() == null ? h.description() : "V" + h.version())
                .collect(Collectors.toList());
        if (!versions.isEmpty()) {
            states.add(word + " (" + String.join(", ", versions) + ")");
        }
    }
}
