package io.lucidity.migrator.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The lint corpus ({@code core/src/test/resources/lint/corpus}) as the comparison reads it: every {@code NNN_slug.sql}
 * with its label line {@code -- corpus: hazard <rule>...} or {@code -- corpus: safe}. Core's {@code CorpusTest} checks
 * the labels; this reader only needs them.
 */
final class LintCorpus {
    /** The repository-relative folder, for a run from the repository's root. */
    static final Path DEFAULT_FOLDER = Path.of("core/src/test/resources/lint/corpus");

    private static final String LABEL = "-- corpus: ";

    /** One labelled migration. */
    record Case(Path path, boolean hazard, Set<String> rules, String sql) {
        String file() {
            return path.getFileName().toString();
        }
    }

    private LintCorpus() {}

    static List<Case> read(Path folder) throws IOException {
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.equals("setup.sql") || !name.endsWith(".sql")) {
                    continue;
                }
                String sql = Files.readString(p, StandardCharsets.UTF_8);
                String first = sql.lines().findFirst().orElse("");
                if (!first.startsWith(LABEL)) {
                    throw new IllegalArgumentException(p + ": the first line is not a '-- corpus:' label");
                }
                String label = first.substring(LABEL.length()).strip();
                boolean hazard = label.startsWith("hazard ");
                Set<String> rules = new LinkedHashSet<>();
                if (hazard) {
                    rules.addAll(
                            List.of(label.substring("hazard ".length()).strip().split("\\s+")));
                } else if (!label.equals("safe")) {
                    throw new IllegalArgumentException(p + ": the label is neither 'safe' nor 'hazard <rule>...'");
                }
                cases.add(new Case(p, hazard, Set.copyOf(rules), sql));
            }
        }
        if (cases.isEmpty()) {
            throw new IllegalArgumentException(folder + " holds no corpus case");
        }
        return cases;
    }
}
