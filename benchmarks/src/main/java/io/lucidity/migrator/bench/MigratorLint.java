package io.lucidity.migrator.bench;

import io.lucidity.migrator.LintFinding;
import io.lucidity.migrator.LintReport;
import io.lucidity.migrator.Migrator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Migrator's linter on the corpus through the Java API, without a database, in two ways:
 *
 * <ul>
 *   <li>{@link #alone}: each case copied alone as {@code V1__case.sql} into a folder of its own and linted with
 *       {@link Migrator#lint(io.lucidity.migrator.MigratorConfig.Builder)}: it is the one pending migration and every
 *       table it does not create exists, of unknown size (what {@code migrator lint --locations filesystem:DIR} does
 *       without a database);
 *   <li>{@link #afterSetup}: {@code setup.sql} as {@code V1__setup.sql} (the previous release) and the case as
 *       {@code V2__case.sql}, linted with {@link Migrator#lintEachMigration}; only V2's findings count. The linter
 *       then knows what the previous release created, e.g. the CHECK behind a {@code VALIDATE CONSTRAINT}.
 * </ul>
 */
final class MigratorLint {
    private MigratorLint() {}

    static LintComparison.ToolRun alone(List<LintCorpus.Case> cases, int repeat) throws IOException {
        return run(cases, null, repeat, "Migrator lint (static, file alone)");
    }

    static LintComparison.ToolRun afterSetup(List<LintCorpus.Case> cases, Path setup, int repeat) throws IOException {
        return run(
                cases,
                Files.readString(setup, StandardCharsets.UTF_8),
                repeat,
                "Migrator lint (static, after setup.sql)");
    }

    private static LintComparison.ToolRun run(List<LintCorpus.Case> cases, String setup, int repeat, String tool)
            throws IOException {
        List<Path> folders = new ArrayList<>();
        try {
            for (LintCorpus.Case c : cases) {
                Path dir = Files.createTempDirectory("lint-case-");
                folders.add(dir);
                if (setup == null) {
                    Files.writeString(dir.resolve("V1__case.sql"), c.sql(), StandardCharsets.UTF_8);
                } else {
                    Files.writeString(dir.resolve("V1__setup.sql"), setup, StandardCharsets.UTF_8);
                    Files.writeString(dir.resolve("V2__case.sql"), c.sql(), StandardCharsets.UTF_8);
                }
            }
            long t0 = System.nanoTime();
            List<List<LintFinding>> findings = lintAll(folders, setup != null);
            double cold = (System.nanoTime() - t0) / 1e6;
            List<Double> warm = new ArrayList<>();
            for (int i = 0; i < repeat; i++) {
                long t = System.nanoTime();
                lintAll(folders, setup != null);
                warm.add((System.nanoTime() - t) / 1e6);
            }
            Map<String, Set<String>> named = new HashMap<>();
            Map<String, Set<String>> asError = new HashMap<>();
            Set<String> alarmed = new HashSet<>();
            Set<String> any = new HashSet<>();
            for (int i = 0; i < cases.size(); i++) {
                String file = cases.get(i).file();
                Set<String> rules = new TreeSet<>();
                Set<String> errors = new TreeSet<>();
                for (LintFinding f : findings.get(i)) {
                    rules.add(f.rule());
                    any.add(file);
                    if (f.isBlocking()) {
                        alarmed.add(file);
                        errors.add(f.rule());
                    }
                }
                named.put(file, rules);
                asError.put(file, errors);
            }
            String time = LintComparison.ms(LintComparison.median(warm)) + " (Java API, one JVM, median of " + repeat
                    + " warm runs; first run " + LintComparison.ms(cold) + ")";
            return new LintComparison.ToolRun(tool, named, asError, alarmed, any, time);
        } finally {
            for (Path dir : folders) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path p : files.toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.deleteIfExists(dir);
            }
        }
    }

    /** Each folder's findings: all of them alone, V2's only after setup. */
    private static List<List<LintFinding>> lintAll(List<Path> folders, boolean afterSetup) {
        List<List<LintFinding>> out = new ArrayList<>();
        for (Path dir : folders) {
            var configuration = Migrator.configure().locations("filesystem:" + dir);
            if (afterSetup) {
                LintReport report = Migrator.lintEachMigration(configuration);
                out.add(report.findings().stream()
                        .filter(f -> f.migration().startsWith("V2"))
                        .toList());
            } else {
                out.add(Migrator.lint(configuration).findings());
            }
        }
        return out;
    }
}
