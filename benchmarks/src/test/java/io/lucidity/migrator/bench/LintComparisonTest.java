package io.lucidity.migrator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the lint comparison scores a tool (the figures docs/lint.md publishes), on a corpus of four files written here:
 * caught means every labelled rule named, a false alarm is a safe file flagged; no database, no squawk.
 */
class LintComparisonTest {
    @TempDir
    Path dir;

    @Test
    void aHazardFileCountsAsCaughtOnlyWhenEveryLabelledRuleIsNamed() throws Exception {
        List<LintCorpus.Case> cases = corpus();
        LintComparison.ToolRun run = new LintComparison.ToolRun(
                "tool",
                Map.of(
                        "001_a.sql", Set.of("index-not-concurrent"),
                        "002_b.sql", Set.of("add-primary-key"),
                        "003_c.sql", Set.of(),
                        "004_d.sql", Set.of("drop-column")),
                Map.of("001_a.sql", Set.of("index-not-concurrent")),
                Set.of("001_a.sql", "002_b.sql", "004_d.sql"),
                Set.of("001_a.sql", "002_b.sql", "004_d.sql"),
                "1 ms");

        String md = LintComparison.compareMarkdown(cases, 2, List.of(run), "not run");

        // 002 wants add-primary-key and add-column-volatile-default: one of two named is a miss.
        assertThat(md).contains("| tool | 1/2 (50%) | 1/2 (50%) | 2/2 (100%) | 1/2 (50%) | 1 ms |");
        assertThat(md).contains("| `add-column-volatile-default` | 1 | 1: 002 |");
        assertThat(md).contains("| `index-not-concurrent` | 1 | - |");
        assertThat(md).contains("- tool: 004_d.sql");
    }

    @Test
    void squawksRulesAreMappedAndItsStyleRulesAreKnown() {
        assertThat(Squawk.STANDS_FOR.get("constraint-missing-not-valid"))
                .containsExactlyInAnyOrder("add-foreign-key", "add-check", "add-unique");
        assertThat(Squawk.styleRule("prefer-robust-stmts")).isTrue();
        assertThat(Squawk.styleRule("require-lock-timeout")).isTrue();
        assertThat(Squawk.styleRule("require-concurrent-index-creation")).isFalse();
        assertThat(Squawk.styleRule("ban-drop-column")).isFalse();
    }

    @Test
    void statementKindsNameTheAlterTableAction() {
        assertThat(ParserComparison.kind("-- why\nALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID"))
                .isEqualTo("ALTER TABLE ADD CONSTRAINT ... NOT VALID");
        assertThat(ParserComparison.kind("CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)"))
                .isEqualTo("CREATE INDEX");
        assertThat(ParserComparison.kind("ALTER TABLE t RENAME a TO b")).isEqualTo("ALTER TABLE RENAME (column)");
        assertThat(ParserComparison.kind("VACUUM (FULL) t")).isEqualTo("VACUUM");
    }

    private List<LintCorpus.Case> corpus() throws Exception {
        Files.writeString(dir.resolve("setup.sql"), "CREATE TABLE t (a int);\n");
        Files.writeString(
                dir.resolve("001_a.sql"), "-- corpus: hazard index-not-concurrent\nCREATE INDEX i ON t (a);\n");
        Files.writeString(
                dir.resolve("002_b.sql"),
                "-- corpus: hazard add-primary-key add-column-volatile-default\n"
                        + "ALTER TABLE t ADD COLUMN k bigserial PRIMARY KEY;\n");
        Files.writeString(dir.resolve("003_c.sql"), "-- corpus: safe\nCREATE INDEX CONCURRENTLY i ON t (a);\n");
        Files.writeString(dir.resolve("004_d.sql"), "-- corpus: safe\nCOMMENT ON TABLE t IS 'x';\n");
        return LintCorpus.read(dir);
    }
}
