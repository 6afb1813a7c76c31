package io.lucidity.migrator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run writes its figures into docs/performance.md between the markers and keeps the hand-written text: no database. */
class PerformanceDocTest {
    private static final String PAGE = """
            # Performance

            How to run it: `scripts/bench.sh` writes between `<!-- bench:begin -->` and `<!-- bench:end -->`.

            <!-- bench:begin -->
            | old | figures |
            |---|---|
            | 1 | 2 |
            <!-- bench:end -->

            Work 4:

            <!-- bench-work4:begin -->
            work 4 figures
            <!-- bench-work4:end -->

            ## Targets

            Hand-written discussion.
            """;

    @Test
    void theRunsFiguresReplaceTheBlockAndTheTextAroundItStays() {
        String page = PerformanceDoc.replace(PAGE, "bench", "| new | figures |\n|---|---|\n| 3 | 4 |\n");

        assertThat(page)
                .doesNotContain("| 1 | 2 |")
                .contains("<!-- bench:begin -->\n| new | figures |\n|---|---|\n| 3 | 4 |\n<!-- bench:end -->\n")
                .startsWith("# Performance\n\nHow to run it: `scripts/bench.sh` writes between `<!-- bench:begin -->`")
                .contains("<!-- bench-work4:begin -->\nwork 4 figures\n<!-- bench-work4:end -->")
                .endsWith("## Targets\n\nHand-written discussion.\n");
    }

    @Test
    void writingTheSameFiguresAgainChangesNothing() {
        String once = PerformanceDoc.replace(PAGE, "bench-work4", "work 4, run 2");
        assertThat(PerformanceDoc.replace(once, "bench-work4", "work 4, run 2")).isEqualTo(once);
        assertThat(once)
                .contains("| 1 | 2 |")
                .contains("<!-- bench-work4:begin -->\nwork 4, run 2\n<!-- bench-work4:end -->");
    }

    @Test
    void aPageWithoutTheBlockIsLeftAloneAndTheRunSaysSo(@TempDir Path dir) throws Exception {
        Path page = Files.writeString(dir.resolve("performance.md"), PAGE);

        String said = PerformanceDoc.write(page, "bench-jmh", "figures");

        assertThat(said).contains("not written", "<!-- bench-jmh:begin -->", "<!-- bench-jmh:end -->");
        assertThat(Files.readString(page)).isEqualTo(PAGE);
        assertThat(PerformanceDoc.write(dir.resolve("missing.md"), "bench", "figures"))
                .contains("no such file");
    }

    @Test
    void markersTwiceOrInTheWrongOrderAreRefused() {
        String twice = PAGE + "<!-- bench:begin -->\n";
        assertThatThrownBy(() -> PerformanceDoc.replace(twice, "bench", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("each once and in this order");
        String reversed = "<!-- bench:end -->\nx\n<!-- bench:begin -->\n";
        assertThatThrownBy(() -> PerformanceDoc.replace(reversed, "bench", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRunWritesIntoThePageFile(@TempDir Path dir) throws Exception {
        Path page = Files.writeString(dir.resolve("performance.md"), PAGE);

        String said = PerformanceDoc.write(page, "bench", "| new |");

        assertThat(said).contains("written to", "block bench");
        assertThat(Files.readString(page))
                .contains("<!-- bench:begin -->\n| new |\n<!-- bench:end -->")
                .contains("Hand-written");
    }

    @Test
    void theReportIsMarkdownWithTheRunsHeaderInACodeBlock() {
        Report report = new Report();
        report.header("15.20", "tools [MIGRATOR], sizes [20]");
        report.row("2c no-op at head, warm (same instance)", "20", "Migrator", 0.12, 1.0, 57);
        report.target("2 warm no-op, 20: Migrator <= 10 ms", 0.12, 10, "ms");

        String markdown = report.markdown();

        assertThat(markdown)
                .startsWith("```\nRun ")
                .contains("Options: tools [MIGRATOR], sizes [20]\nLoad average at end ")
                .contains("```\n\n| work | set | tool | median ms | ratio to Migrator | n |\n")
                .contains("| 2c no-op at head, warm (same instance) | 20 | Migrator | 0.1 | 1.00 | 57 |")
                .contains("| 2 warm no-op, 20: Migrator <= 10 ms | 0.120 ms | <= 10.0 | met |");
    }

    @Test
    void theRepositorysPerformancePageHasTheBlocksTheScriptWrites() throws Exception {
        Path page = Path.of(System.getProperty("user.dir"))
                .resolve("../docs/performance.md")
                .normalize();
        String text = Files.readString(page);

        for (String block : new String[] {
            PerformanceDoc.DEFAULT_BLOCK, "bench-work4", "bench-jmh", FleetBench.BLOCK, "bench-fleet-after"
        }) {
            String replaced = PerformanceDoc.replace(text, block, "FIGURES");
            assertThat(replaced)
                    .as("block %s of %s", block, page)
                    .contains(PerformanceDoc.begin(block) + "\nFIGURES\n" + PerformanceDoc.end(block))
                    .contains(
                            "## What each work measures",
                            "## Targets",
                            "## History: what changed in core for these figures");
        }
    }
}
