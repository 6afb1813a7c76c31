package io.lucidity.migrator.internal.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The "contains no SQL statement" check scans instead of running a regex over the whole file; it must decide exactly
 * as the regex it replaced (comments removed, then blank?).
 */
class HasStatementTest {
    private static final Pattern COMMENTS = Pattern.compile("(?s)--[^\\n]*|/\\*.*?\\*/");

    private static boolean byRegex(String sql) {
        return !COMMENTS.matcher(sql).replaceAll("").isBlank();
    }

    @Test
    void decidesAsTheRegexOnTypicalFiles() {
        String[] files = {
            "",
            " \n\t ",
            "-- only a comment",
            "-- a comment\n",
            "/* block */",
            "/* block */\n-- line\n  ",
            "/* unclosed",
            "CREATE TABLE t (id int);",
            "-- header\nCREATE TABLE t (id int);",
            "/* a */ SELECT 1",
            "-- x\n/* y\n z */\n\u2003\n",
            "-/- not a comment",
            "/-*",
            "--\n--\n--",
            "/**/",
            "/*/",
            "\u00a0",
        };
        for (String file : files) {
            assertThat(MigrationResolver.hasStatement(file)).as("'%s'", file).isEqualTo(byRegex(file));
        }
    }

    @Test
    void decidesAsTheRegexOnTenThousandRandomTexts() {
        char[] alphabet = {'-', '-', '/', '*', '*', '\n', ' ', '\t', 'a', '\u2003', '\u00a0', '\r'};
        Random random = new Random(20261126);
        for (int i = 0; i < 10_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(14);
            for (int j = 0; j < length; j++) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String sql = text.toString();
            assertThat(MigrationResolver.hasStatement(sql)).as("'%s'", sql).isEqualTo(byRegex(sql));
        }
    }
}
