package io.lucidity.migrator.lint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The lint corpus in {@code src/test/resources/lint/corpus}: one migration per file {@code NNN_slug.sql}, its first line
 * {@code -- corpus: hazard <rule>[ <rule>]} or {@code -- corpus: safe}, its second {@code -- from: <source>}, and an
 * optional third {@code -- fails: <SQLSTATE>} when PostgreSQL refuses the case as Migrator runs it (the hazard is the
 * failure). {@code setup.sql} beside them creates the previous build's tables every case assumes.
 */
final class Corpus {
    /** The rule ids a hazard label may name. */
    static final Set<String> RULES = Set.of(
            "index-not-concurrent",
            "reindex-not-concurrent",
            "add-column-volatile-default",
            "set-not-null",
            "add-not-null-column",
            "add-foreign-key",
            "add-check",
            "add-unique",
            "add-primary-key",
            "alter-column-type",
            "rename-table",
            "rename-column",
            "drop-column",
            "drop-table",
            "vacuum-full",
            "cluster",
            "lock-table",
            "add-enum-value-in-transaction",
            "unbounded-data-change-with-ddl",
            "concurrently-in-transaction");

    static final Pattern FILE_NAME = Pattern.compile("\\d{3}_[a-z0-9_]+\\.sql");
    static final Pattern LABEL = Pattern.compile("-- corpus: (safe|hazard( [a-z-]+)+)");
    static final Pattern FROM = Pattern.compile("-- from: (squawk|strong_migrations|postgres docs) \\S.*");
    static final Pattern FAILS = Pattern.compile("-- fails: ([0-9A-Z]{5})");

    /** One labelled migration. */
    record Case(String file, boolean hazard, Set<String> rules, String from, String failsWith, String sql) {
        @Override
        public String toString() {
            return file + (hazard ? " (hazard " + String.join(" ", rules) + ")" : " (safe)");
        }
    }

    private Corpus() {}

    /** The corpus folder on the test class path. */
    static Path folder() {
        URL url = Corpus.class.getResource("/lint/corpus/setup.sql");
        if (url == null) {
            throw new IllegalStateException("lint/corpus/setup.sql is not on the test class path");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String setup() {
        return read(folder().resolve("setup.sql"));
    }

    /** Every case file except setup.sql, by name; fails on a file whose header is malformed. */
    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder())) {
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString();
                if (!name.equals("setup.sql")) {
                    out.add(parse(name, read(p)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static Case parse(String name, String sql) {
        if (!FILE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(name + ": the name is not NNN_slug.sql");
        }
        String[] lines = sql.split("\n", 4);
        if (lines.length < 3) {
            throw new IllegalArgumentException(name + ": a label line, a from line and SQL are needed");
        }
        Matcher label = LABEL.matcher(lines[0]);
        if (!label.matches()) {
            throw new IllegalArgumentException(
                    name + ": first line is not '-- corpus: safe|hazard <rule>...': " + lines[0]);
        }
        if (!FROM.matcher(lines[1]).matches()) {
            throw new IllegalArgumentException(name + ": second line is not '-- from: <source> ...': " + lines[1]);
        }
        boolean hazard = label.group(1).startsWith("hazard");
        Set<String> rules = new LinkedHashSet<>();
        if (hazard) {
            for (String rule : label.group(1).substring("hazard ".length()).split(" ")) {
                if (!RULES.contains(rule)) {
                    throw new IllegalArgumentException(name + ": unknown rule id " + rule);
                }
                rules.add(rule);
            }
        }
        Matcher fails = FAILS.matcher(lines[2]);
        String failsWith = fails.matches() ? fails.group(1) : null;
        return new Case(name, hazard, Set.copyOf(rules), lines[1].substring("-- from: ".length()), failsWith, sql);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
