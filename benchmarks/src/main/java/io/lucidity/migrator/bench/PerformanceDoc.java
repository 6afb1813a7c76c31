package io.lucidity.migrator.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a run's figures into {@code docs/performance.md}: the lines between {@code <!-- NAME:begin -->} and
 * {@code <!-- NAME:end -->} (each alone on its line) are replaced by the run's Markdown, and every other line of the
 * page — the hand-written explanation, the other blocks — is kept as it is.
 */
final class PerformanceDoc {
    /** The page {@code scripts/bench.sh} writes by default (it runs from the repository's root). */
    static final Path DEFAULT_PAGE = Path.of("docs/performance.md");
    /** The block of the comparison run's figures; work 4's are in {@code bench-work4}. */
    static final String DEFAULT_BLOCK = "bench";

    private PerformanceDoc() {}

    static String begin(String block) {
        return "<!-- " + block + ":begin -->";
    }

    static String end(String block) {
        return "<!-- " + block + ":end -->";
    }

    /**
     * The page with the block's content replaced by {@code fragment}.
     *
     * @throws IllegalArgumentException when the page lacks either marker, holds one twice, or has them in the wrong order
     */
    static String replace(String page, String block, String fragment) {
        List<String> lines = page.lines().toList();
        int begin = onlyLine(lines, begin(block));
        int end = onlyLine(lines, end(block));
        if (begin < 0 || end < 0 || end < begin) {
            throw new IllegalArgumentException("the page has no block " + block + ": it needs the lines " + begin(block)
                    + " and " + end(block) + ", each once and in this order");
        }
        List<String> out = new ArrayList<>(lines.subList(0, begin + 1));
        fragment.strip().lines().forEach(out::add);
        out.addAll(lines.subList(end, lines.size()));
        return String.join("\n", out) + "\n";
    }

    /**
     * Writes {@code fragment} into the block of {@code page}; a page without the block is left alone.
     *
     * @return what was done, for the run's log
     */
    static String write(Path page, String block, String fragment) throws IOException {
        if (!Files.isRegularFile(page)) {
            return "Figures not written to " + page
                    + ": no such file (run from the repository's root, or give --docs FILE).";
        }
        String before = Files.readString(page, StandardCharsets.UTF_8);
        String after;
        try {
            after = replace(before, block, fragment);
        } catch (IllegalArgumentException e) {
            return "Figures not written to " + page + ": " + e.getMessage() + ".";
        }
        Files.writeString(page, after, StandardCharsets.UTF_8);
        return "Figures written to " + page + " (block " + block + "): review the diff before committing it.";
    }

    /** The index of the one line that is exactly {@code text} (surrounding blanks aside); -1 when none or several. */
    private static int onlyLine(List<String> lines, String text) {
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(text)) {
                if (found >= 0) {
                    return -1;
                }
                found = i;
            }
        }
        return found;
    }
}
