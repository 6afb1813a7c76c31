package io.lucidity.migrator.bench;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Migrator's linter beside squawk on the lint corpus, and Flyway's parser beside JSqlParser on its statements. Not run
 * by the build: start it with {@code scripts/lint-compare.sh}, which installs squawk from npm into a cache folder and
 * writes the figures into {@code docs/lint.md} (blocks {@code lint-compare} and {@code lint-parser}).
 *
 * <p>Each corpus file is linted alone, as the only pending migration ({@code V1__case.sql}) of a project without a
 * database: every table it does not create exists. A hazard file is <em>caught</em> when the tool names each rule of its
 * label (squawk's rules are mapped onto ours by {@link Squawk#STANDS_FOR}); a safe file is a <em>false alarm</em> when
 * Migrator gives it an error finding, or squawk any violation.
 *
 * <p>Options: {@code --corpus DIR} (default {@code core/src/test/resources/lint/corpus}), {@code --squawk DIR} (the npm
 * prefix squawk is installed under; missing means the squawk half is skipped), {@code --docs FILE|none} (default
 * {@code docs/lint.md}), {@code --repeat N} timed runs per tool (default 5).
 */
public final class LintComparison {
    /** What one tool said about each corpus file. */
    record ToolRun(
            String tool,
            Map<String, Set<String>> namedRules,
            Map<String, Set<String>> namedAsError,
            Set<String> alarmed,
            Set<String> anyFinding,
            String time) {}

    private LintComparison() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path corpus = Path.of(options.getOrDefault("--corpus", LintCorpus.DEFAULT_FOLDER.toString()));
        int repeat = Integer.parseInt(options.getOrDefault("--repeat", "5"));
        List<LintCorpus.Case> cases = LintCorpus.read(corpus);
        long hazards = cases.stream().filter(LintCorpus.Case::hazard).count();

        List<ToolRun> runs = new ArrayList<>();
        runs.add(MigratorLint.alone(cases, repeat));
        runs.add(MigratorLint.afterSetup(cases, corpus.resolve("setup.sql"), repeat));
        String squawkNote;
        Squawk squawk = options.containsKey("--squawk") ? Squawk.in(Path.of(options.get("--squawk"))) : null;
        if (squawk == null) {
            squawkNote = "SKIPPED (not installed under "
                    + options.getOrDefault("--squawk", "(no --squawk given)")
                    + "; scripts/lint-compare.sh installs squawk-cli@" + Squawk.VERSION
                    + " there when npm is present).";
            System.err.println("[lint-compare] squawk: " + squawkNote);
        } else {
            String version = squawk.version();
            squawkNote = version + ", `--reporter json --pg-version 15`, default rules, one process over all "
                    + cases.size() + " files.";
            List<Double> times = new ArrayList<>();
            Squawk.Run last = null;
            for (int i = 0; i < repeat; i++) {
                last = squawk.run(cases);
                times.add(last.wallMs());
            }
            String time = ms(median(times)) + " (one process, median of " + repeat + ")";
            runs.add(squawkRun(version + ", default rules", last, rule -> true, time));
            runs.add(squawkRun(version + ", style rules left out", last, rule -> !Squawk.styleRule(rule), "same run"));
        }

        String compare = compareMarkdown(cases, hazards, runs, squawkNote);
        ParserComparison.Result parsers = ParserComparison.run(cases);
        String parser = parserMarkdown(parsers);
        System.out.println(compare);
        System.out.println(parser);

        String docs = options.getOrDefault("--docs", "docs/lint.md");
        if (!docs.equals("none")) {
            System.err.println("[lint-compare] " + PerformanceDoc.write(Path.of(docs), "lint-compare", compare));
            System.err.println("[lint-compare] " + PerformanceDoc.write(Path.of(docs), "lint-parser", parser));
        }
    }

    private static ToolRun squawkRun(
            String tool, Squawk.Run run, java.util.function.Predicate<String> counted, String time) {
        Map<String, Set<String>> named = new HashMap<>();
        Set<String> flagged = new HashSet<>();
        run.rulesByFile().forEach((file, rules) -> {
            Set<String> ours = new TreeSet<>();
            for (String rule : rules) {
                if (counted.test(rule)) {
                    flagged.add(file);
                    ours.addAll(Squawk.STANDS_FOR.getOrDefault(rule, Set.of()));
                }
            }
            named.put(file, ours);
        });
        // squawk's findings are all warnings, and squawk exits 1 on any of them: each one fails a CI step alike.
        return new ToolRun(tool, named, named, flagged, flagged, time);
    }

    static String compareMarkdown(List<LintCorpus.Case> cases, long hazards, List<ToolRun> runs, String squawkNote) {
        long safe = cases.size() - hazards;
        StringBuilder md = new StringBuilder();
        md.append("Run ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).withNano(0))
                .append(" by `scripts/lint-compare.sh`: ")
                .append(cases.size())
                .append(" corpus files (")
                .append(hazards)
                .append(" hazard, ")
                .append(safe)
                .append(" safe), ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs, load average ")
                .append(Report.loadAverage())
                .append(". squawk: ")
                .append(squawkNote)
                .append("\n\n");
        md.append("| Tool | Hazard files caught (each labelled rule named) | ... as an error"
                + " | Hazard files with any finding | Safe files flagged (false alarms) | Time, whole corpus |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (ToolRun run : runs) {
            long caught = cases.stream()
                    .filter(LintCorpus.Case::hazard)
                    .filter(c ->
                            run.namedRules().getOrDefault(c.file(), Set.of()).containsAll(c.rules()))
                    .count();
            long asError = cases.stream()
                    .filter(LintCorpus.Case::hazard)
                    .filter(c ->
                            run.namedAsError().getOrDefault(c.file(), Set.of()).containsAll(c.rules()))
                    .count();
            long any = cases.stream()
                    .filter(LintCorpus.Case::hazard)
                    .filter(c -> run.anyFinding().contains(c.file()))
                    .count();
            long alarms = cases.stream()
                    .filter(c -> !c.hazard())
                    .filter(c -> run.alarmed().contains(c.file()))
                    .count();
            md.append("| ")
                    .append(run.tool())
                    .append(" | ")
                    .append(fraction(caught, hazards))
                    .append(" | ")
                    .append(fraction(asError, hazards))
                    .append(" | ")
                    .append(fraction(any, hazards))
                    .append(" | ")
                    .append(fraction(alarms, safe))
                    .append(" | ")
                    .append(run.time())
                    .append(" |\n");
        }
        md.append("\nHazard files missed, by labelled rule (a file counts under each rule of its label"
                + " the tool did not name):\n\n| Rule | Files |");
        runs.forEach(r -> md.append(" ").append(r.tool()).append(" |"));
        md.append("\n|---|---|");
        runs.forEach(r -> md.append("---|"));
        md.append('\n');
        Map<String, List<LintCorpus.Case>> byRule = new TreeMap<>();
        cases.stream()
                .filter(LintCorpus.Case::hazard)
                .forEach(c -> c.rules()
                        .forEach(rule -> byRule.computeIfAbsent(rule, k -> new ArrayList<>())
                                .add(c)));
        byRule.forEach((rule, files) -> {
            md.append("| `").append(rule).append("` | ").append(files.size()).append(" |");
            for (ToolRun run : runs) {
                List<String> missed = files.stream()
                        .filter(c -> !run.namedRules()
                                .getOrDefault(c.file(), Set.of())
                                .contains(rule))
                        .map(c -> c.file().substring(0, 3))
                        .toList();
                md.append(" ")
                        .append(missed.isEmpty() ? "-" : missed.size() + ": " + String.join(", ", missed))
                        .append(" |");
            }
            md.append('\n');
        });
        md.append("\nSafe files flagged:\n\n");
        for (ToolRun run : runs) {
            List<String> flagged = cases.stream()
                    .filter(c -> !c.hazard())
                    .filter(c -> run.alarmed().contains(c.file()))
                    .map(LintCorpus.Case::file)
                    .toList();
            md.append("- ")
                    .append(run.tool())
                    .append(": ")
                    .append(flagged.isEmpty() ? "none" : String.join(", ", flagged))
                    .append('\n');
        }
        return md.toString();
    }

    static String parserMarkdown(ParserComparison.Result r) {
        int total = r.statements().size();
        long ok = r.parsedByJsql();
        StringBuilder md = new StringBuilder();
        md.append("Flyway's PostgreSQL parser split the corpus into ")
                .append(total)
                .append(" statements, each with its line and transaction flag (")
                .append(r.statements().stream()
                        .filter(p -> !p.flywayTransactional())
                        .count())
                .append(" flagged as unable to run in a transaction), in ")
                .append(ms(r.flywayMs()))
                .append(". JSqlParser ")
                .append(r.jsqlVersion())
                .append(" parsed ")
                .append(fraction(ok, total))
                .append(" of them into a typed statement, in ")
                .append(ms(r.jsqlMs()))
                .append(" (cold, one JVM).\n\n");
        md.append("| Statement kind | Statements | JSqlParser failed |\n|---|---|---|\n");
        Map<String, int[]> kinds = r.byKind();
        kinds.entrySet().stream()
                .sorted(Map.Entry.<String, int[]>comparingByValue((a, b) -> b[1] - a[1])
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> md.append("| ")
                        .append(e.getKey())
                        .append(" | ")
                        .append(e.getValue()[0])
                        .append(" | ")
                        .append(e.getValue()[1])
                        .append(" |\n"));
        Map<String, String> firstErrors = new LinkedHashMap<>();
        r.statements().stream()
                .filter(p -> !p.jsqlParsed())
                .forEach(p -> firstErrors.putIfAbsent(p.kind(), p.file() + ":" + p.line() + " " + p.jsqlError()));
        if (!firstErrors.isEmpty()) {
            md.append("\nFirst failure per kind:\n\n");
            firstErrors.forEach((kind, error) -> md.append("- ")
                    .append(kind)
                    .append(": `")
                    .append(error.replace('`', '\''))
                    .append("`\n"));
        }
        return md.toString();
    }

    static String fraction(long part, long whole) {
        return part + "/" + whole + " (" + String.format(Locale.ROOT, "%.0f%%", whole == 0 ? 0.0 : 100.0 * part / whole)
                + ")";
    }

    static String ms(double ms) {
        return String.format(Locale.ROOT, "%.0f ms", ms);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().collect(Collectors.toList());
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value pairs, got: " + String.join(" ", args));
            }
            out.put(args[i], args[++i]);
        }
        return out;
    }
}
