package io.lucidity.migrator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * squawk ({@code squawk-cli} from npm, a linter built on PostgreSQL's own parser) run on the corpus: one process over
 * every file, JSON reporter, PostgreSQL 15 (the tests' server), default rules. {@code scripts/lint-compare.sh}
 * installs it into a cache folder when npm is there.
 */
final class Squawk {
    /** The version the comparison is written for. */
    static final String VERSION = "2.66.0";

    /**
     * squawk rules about style or habits rather than a lock: they fire whatever the statement locks. The second figure
     * leaves them out. {@code require-lock-timeout}/{@code require-statement-timeout} ask for SET statements that
     * Migrator issues itself ({@code lockTimeout}, {@code ddlLockTimeout}).
     */
    static boolean styleRule(String rule) {
        return rule.startsWith("prefer-")
                || rule.equals("require-lock-timeout")
                || rule.equals("require-statement-timeout")
                || rule.equals("require-timeout-settings")
                || rule.equals("require-enum-value-ordering")
                || rule.equals("ban-char-field");
    }

    /**
     * Which of our rule ids each squawk rule stands for, to count a hazard file as caught for its label. squawk has no
     * rule for {@code vacuum-full}, {@code cluster}, {@code lock-table}, {@code add-enum-value-in-transaction} and
     * {@code unbounded-data-change-with-ddl}.
     */
    static final Map<String, Set<String>> STANDS_FOR = Map.ofEntries(
            Map.entry("require-concurrent-index-creation", Set.of("index-not-concurrent")),
            Map.entry("require-concurrent-index-deletion", Set.of("index-not-concurrent")),
            Map.entry("require-concurrent-reindex", Set.of("reindex-not-concurrent")),
            Map.entry("adding-field-with-default", Set.of("add-column-volatile-default")),
            Map.entry("adding-not-nullable-field", Set.of("set-not-null", "add-not-null-column")),
            Map.entry("adding-required-field", Set.of("add-not-null-column")),
            Map.entry("adding-foreign-key-constraint", Set.of("add-foreign-key")),
            Map.entry("constraint-missing-not-valid", Set.of("add-foreign-key", "add-check", "add-unique")),
            Map.entry("disallowed-unique-constraint", Set.of("add-unique", "add-primary-key")),
            Map.entry("adding-primary-key-constraint", Set.of("add-primary-key")),
            Map.entry("adding-serial-primary-key-field", Set.of("add-primary-key")),
            Map.entry("changing-column-type", Set.of("alter-column-type")),
            Map.entry("renaming-table", Set.of("rename-table")),
            Map.entry("renaming-column", Set.of("rename-column")),
            Map.entry("ban-drop-column", Set.of("drop-column")),
            Map.entry("ban-drop-table", Set.of("drop-table")),
            Map.entry("ban-concurrent-index-creation-in-transaction", Set.of("concurrently-in-transaction")),
            Map.entry("transaction-nesting", Set.of("concurrently-in-transaction")));

    /** squawk's rule names per corpus file, and the wall time of the run. */
    record Run(Map<String, Set<String>> rulesByFile, double wallMs) {}

    private final Path binary;

    private Squawk(Path binary) {
        this.binary = binary;
    }

    /** The squawk under {@code cache} ({@code node_modules/.bin/squawk}), or null when it is not installed there. */
    static Squawk in(Path cache) {
        Path bin = cache.resolve("node_modules/.bin/squawk");
        return Files.isExecutable(bin) ? new Squawk(bin) : null;
    }

    String version() throws IOException, InterruptedException {
        ChildProcess.Result r = new ChildProcess(List.of(binary.toString(), "--version"), Map.of()).run();
        return r.stdout().strip();
    }

    /** Runs squawk once over every case file (exit 1 means "found something", not a failure). */
    Run run(List<LintCorpus.Case> cases) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--reporter", "json", "--pg-version", "15"));
        cases.forEach(c -> cmd.add(c.path().toString()));
        ChildProcess.Result r = new ChildProcess(cmd, Map.of()).run();
        if (r.exit() > 1) {
            throw new IllegalStateException("squawk exited with " + r.exit() + ": " + r.stderr());
        }
        Map<String, Set<String>> byFile = new HashMap<>();
        cases.forEach(c -> byFile.put(c.file(), new HashSet<>()));
        JsonNode violations = new ObjectMapper().readTree(r.stdout().isBlank() ? "[]" : r.stdout());
        for (JsonNode v : violations) {
            String file = Path.of(v.path("file").asText()).getFileName().toString();
            byFile.computeIfAbsent(file, f -> new HashSet<>())
                    .add(v.path("rule_name").asText());
        }
        return new Run(byFile, r.wallMs());
    }
}
