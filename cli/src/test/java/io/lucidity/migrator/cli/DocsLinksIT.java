package io.lucidity.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README is a landing page a user reads in a minute, and no link of the documentation leads nowhere: the README
 * keeps at most 300 lines with the two commands at its top and its "Security model" section, and every relative link
 * in {@code README.md}, {@code CHANGELOG.md} and {@code docs/*.md} names an existing file and, for a Markdown page,
 * an existing heading.
 */
class DocsLinksIT {
    private static final Path ROOT =
            Path.of(System.getProperty("user.dir")).resolve("..").normalize();
    private static final Path README = ROOT.resolve("README.md");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");

    @Test
    void theReadmeIsALandingPageOfAtMostThreeHundredLines() throws IOException {
        List<String> lines = Files.readAllLines(README);
        assertThat(lines).as("lines of %s", README).hasSizeLessThanOrEqualTo(300);
        List<String> top = lines.subList(0, Math.min(20, lines.size()));
        assertThat(top)
                .as("the two commands at the top of the README")
                .contains("bash scripts/demo.sh", "bash scripts/test.sh");
        assertThat(lines).contains("## Security model");
        String security = String.join("\n", lines.subList(lines.indexOf("## Security model"), lines.size()));
        assertThat(security).contains("](docs/security.md)", "**Rights:**", "**Objects:**", "**Who may use them:**");
    }

    @Test
    void everyRelativeLinkOfTheDocumentationLeadsToAnExistingFileAndHeading() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(README, ROOT.resolve("CHANGELOG.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        assertThat(pages).hasSizeGreaterThan(10);
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            for (String link : links(page)) {
                if (link.matches("^[a-z][a-z0-9+.-]*:.*")) {
                    continue; // https:, mailto: ...: not this repository's
                }
                checked++;
                int hash = link.indexOf('#');
                String file = hash < 0 ? link : link.substring(0, hash);
                String anchor = hash < 0 ? null : link.substring(hash + 1);
                Path target =
                        file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(target)) {
                    broken.add(ROOT.relativize(page) + ": " + link + " (no such file)");
                } else if (anchor != null
                        && target.toString().endsWith(".md")
                        && !anchors(target).contains(anchor)) {
                    broken.add(ROOT.relativize(page) + ": " + link + " (no such heading in " + ROOT.relativize(target)
                            + ")");
                }
            }
        }
        assertThat(checked).as("relative links checked").isGreaterThan(50);
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void theExamplesOfTheTestingPageAreTheClassesTheFixturesModuleRuns() throws IOException {
        String page = Files.readString(ROOT.resolve("docs/testing.md"));
        Path examples = ROOT.resolve("test-fixtures/src/test/java/io/lucidity/migrator/testing/readme");
        for (String name : List.of("UserRepositoryTest", "DocumentLanguageMigrationTest")) {
            String source = Files.readString(examples.resolve(name + ".java"));
            String body = source.substring(source.indexOf("import "))
                    .lines()
                    .filter(line -> !line.startsWith("//"))
                    .reduce("", (a, b) -> a + b + "\n");
            assertThat(page)
                    .as("docs/testing.md shows %s as the fixtures module runs it", name)
                    .contains(body.strip());
        }
    }

    @Test
    void headingsGiveGitHubsAnchors() {
        assertThat(slug("Where it differs from quarkus-flyway: `migrate-at-start` is `true`"))
                .isEqualTo("where-it-differs-from-quarkus-flyway-migrate-at-start-is-true");
        assertThat(slug("Init task (`QUARKUS_INIT_AND_EXIT`)")).isEqualTo("init-task-quarkus_init_and_exit");
        assertThat(slug("Spring Boot's Flyway support on the classpath too"))
                .isEqualTo("spring-boots-flyway-support-on-the-classpath-too");
    }

    /** The link targets of a page, outside fenced code blocks and inline code. */
    private static List<String> links(Path page) throws IOException {
        List<String> links = new ArrayList<>();
        for (String line : prose(page)) {
            Matcher m = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
            while (m.find()) {
                links.add(m.group(1));
            }
        }
        return links;
    }

    /** The anchors GitHub gives the headings of a page (a repeated heading gets -1, -2, ...). */
    private static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(page)) {
            if (line.matches("^#{1,6} .*")) {
                String slug = slug(line.replaceFirst("^#+ ", ""));
                int n = seen.merge(slug, 1, Integer::sum);
                anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
            }
        }
        return anchors;
    }

    private static String slug(String heading) {
        return heading.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
    }

    /** The lines of a page outside fenced code blocks. */
    private static List<String> prose(Path page) throws IOException {
        List<String> prose = new ArrayList<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced) {
                prose.add(line);
            }
        }
        return prose;
    }
}
