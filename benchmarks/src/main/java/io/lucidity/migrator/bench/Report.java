package io.lucidity.migrator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Collects the figures of one run and prints them as Markdown tables. */
final class Report {
    private final List<String[]> rows = new ArrayList<>();
    private final List<String[]> targets = new ArrayList<>();
    private final List<String[]> memory = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Double> remembered = new HashMap<>();
    private final StringBuilder header = new StringBuilder();

    void header(String serverVersion, Object options) {
        header.append("Run ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).withNano(0))
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs, load average at start ")
                .append(loadAverage())
                .append(", PostgreSQL ")
                .append(serverVersion)
                .append(" on loopback, Java ")
                .append(System.getProperty("java.version"))
                .append('\n')
                .append("Options: ")
                .append(options)
                .append('\n');
        System.err.print(header);
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    void row(String work, String set, String tool, double medianMs, double ratio, int samples) {
        String[] row = {
            work,
            set,
            tool,
            String.format(Locale.ROOT, "%.1f", medianMs),
            Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2f", ratio),
            String.valueOf(samples)
        };
        rows.add(row);
        System.err.println("[bench] " + String.join(" | ", row));
    }

    /** Recomputes the ratio column of a work's rows against {@code base}. */
    void fixRatios(String work, String set, double base) {
        for (String[] row : rows) {
            if (row[0].equals(work) && row[1].equals(set)) {
                row[4] = String.format(Locale.ROOT, "%.2f", Double.parseDouble(row[3]) / base);
            }
        }
    }

    void target(String what, double value, double limit, String unit) {
        target(what, value, limit, unit, false);
    }

    void target(String what, double value, double limit, String unit, boolean atLeast) {
        boolean met = atLeast ? value >= limit : value <= limit;
        String[] row = {
            what,
            String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.3g", value) + " " + unit,
            (atLeast ? ">= " : "<= ") + String.format(Locale.ROOT, "%s", limit),
            met ? "met" : "MISSED"
        };
        targets.add(row);
        System.err.println("[bench] target " + String.join(" | ", row));
    }

    void rss(String what, String tool, Long kb) {
        memory.add(new String[] {what, tool, kb == null || kb < 0 ? "n/a" : String.valueOf(kb / 1024)});
    }

    void note(String note) {
        notes.add(note);
        System.err.println("[bench] " + note);
    }

    void remember(String key, double value) {
        remembered.put(key, value);
    }

    boolean has(String key) {
        return remembered.containsKey(key);
    }

    double get(String key) {
        return remembered.get(key);
    }

    /**
     * Prints the figures, writes them to {@code file} (when its folder exists) and returns them: the run's header in a
     * code block, then the tables of medians, targets and peak RSS, then the notes.
     */
    String print(Path file) throws IOException {
        String out = markdown();
        System.out.println(out);
        if (file.getParent() != null && Files.isDirectory(file.getParent())) {
            Files.writeString(file, out);
        }
        return out;
    }

    /** The figures as Markdown, as {@code docs/performance.md} shows them. */
    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("```\n")
                .append(header)
                .append("Load average at end ")
                .append(loadAverage())
                .append("\n```\n\n");
        out.append("| work | set | tool | median ms | ratio to Migrator | n |\n|---|---|---|---:|---:|---:|\n");
        rows.forEach(r -> out.append("| ").append(String.join(" | ", r)).append(" |\n"));
        out.append("\n| target | measured | limit | |\n|---|---|---|---|\n");
        targets.forEach(r -> out.append("| ").append(String.join(" | ", r)).append(" |\n"));
        out.append("\n| peak RSS | process | MiB |\n|---|---|---:|\n");
        memory.forEach(r -> out.append("| ").append(String.join(" | ", r)).append(" |\n"));
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(n -> out.append("- ").append(n).append('\n'));
        }
        return out.toString();
    }
}
