package io.lucidity.migrator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.UnsupportedStatement;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.internal.parser.ParsingContext;
import org.flywaydb.core.internal.resource.StringResource;
import org.flywaydb.core.internal.sqlscript.SqlStatement;
import org.flywaydb.core.internal.sqlscript.SqlStatementIterator;
import org.flywaydb.database.postgresql.PostgreSQLParser;

/**
 * What a linter would get from each parser on the corpus: Flyway's PostgreSQL parser (which Migrator already uses to
 * split scripts) gives every statement with its line and whether it can run in a transaction, but no syntax tree;
 * JSqlParser gives a tree for the statements it knows. For every statement Flyway splits out, this records whether
 * JSqlParser parses it into a typed statement, and the kinds of statement it fails on.
 */
final class ParserComparison {
    /** One statement as Flyway splits it, and JSqlParser's verdict. */
    record Parsed(String file, int line, String kind, boolean flywayTransactional, String jsqlType, String jsqlError) {
        boolean jsqlParsed() {
            return jsqlType != null;
        }
    }

    /** The figures over the corpus. */
    record Result(List<Parsed> statements, double flywayMs, double jsqlMs, String jsqlVersion) {
        long parsedByJsql() {
            return statements.stream().filter(Parsed::jsqlParsed).count();
        }

        /** Statement kind to [total, failed by JSqlParser]. */
        Map<String, int[]> byKind() {
            Map<String, int[]> out = new TreeMap<>();
            for (Parsed p : statements) {
                int[] counts = out.computeIfAbsent(p.kind(), k -> new int[2]);
                counts[0]++;
                if (!p.jsqlParsed()) {
                    counts[1]++;
                }
            }
            return out;
        }
    }

    private ParserComparison() {}

    static Result run(List<LintCorpus.Case> cases) throws Exception {
        record Split(String file, SqlStatement statement) {}
        long t0 = System.nanoTime();
        List<Split> split = new ArrayList<>();
        PostgreSQLParser parser = new PostgreSQLParser(new FluentConfiguration(), new ParsingContext());
        for (LintCorpus.Case c : cases) {
            try (SqlStatementIterator it = parser.parse(new StringResource(c.sql()), null)) {
                while (it.hasNext()) {
                    split.add(new Split(c.file(), it.next()));
                }
            }
        }
        double flywayMs = (System.nanoTime() - t0) / 1e6;
        List<Parsed> out = new ArrayList<>();
        long t1 = System.nanoTime();
        for (Split s : split) {
            String sql = s.statement().getSql();
            String type = null;
            String error = null;
            try {
                Statement parsed = CCJSqlParserUtil.parse(sql);
                if (parsed instanceof UnsupportedStatement) {
                    error = "unsupported statement";
                } else {
                    type = parsed.getClass().getSimpleName();
                }
            } catch (JSQLParserException | RuntimeException e) {
                Throwable why = e.getCause() != null ? e.getCause() : e;
                error = firstLine(why.getMessage() == null ? why.toString() : why.getMessage());
            }
            out.add(new Parsed(
                    s.file(),
                    s.statement().getLineNumber(),
                    kind(sql),
                    s.statement().canExecuteInTransaction(),
                    type,
                    error));
        }
        double jsqlMs = (System.nanoTime() - t1) / 1e6;
        return new Result(out, flywayMs, jsqlMs, jsqlVersion());
    }

    /**
     * The statement's kind from its leading keywords: {@code ALTER TABLE ... ADD CONSTRAINT},
     * {@code CREATE INDEX}, {@code VACUUM}, ... (enough to say what a parser fails on).
     */
    static String kind(String sql) {
        String s = sql.replaceAll("(?m)^\\s*--.*$", " ")
                .replaceAll("\\s+", " ")
                .strip()
                .toUpperCase(Locale.ROOT);
        String[] w = s.split("[ (;]+");
        String first = w.length > 0 ? w[0] : "";
        switch (first) {
            case "CREATE":
            case "DROP":
            case "ALTER":
            case "COMMENT": {
                int i = 1;
                while (i < w.length
                        && List.of("UNIQUE", "OR", "REPLACE", "ON", "TEMP", "TEMPORARY", "UNLOGGED")
                                .contains(w[i])) {
                    i++;
                }
                String object = i < w.length ? w[i] : "";
                String base = first + " " + object;
                if (first.equals("ALTER") && (object.equals("TABLE") || object.equals("TYPE"))) {
                    return base + " " + action(s);
                }
                return base;
            }
            case "START":
                return "START TRANSACTION";
            default:
                return first;
        }
    }

    /** The action of an ALTER TABLE / ALTER TYPE, e.g. {@code ADD CONSTRAINT ... NOT VALID}. */
    private static String action(String s) {
        String[][] actions = {
            {" VALIDATE CONSTRAINT ", "VALIDATE CONSTRAINT"},
            {" USING INDEX ", "ADD CONSTRAINT ... USING INDEX"},
            {" NOT VALID", "ADD CONSTRAINT ... NOT VALID"},
            {" ADD CONSTRAINT ", "ADD CONSTRAINT"},
            {" ADD PRIMARY KEY", "ADD PRIMARY KEY"},
            {" ADD UNIQUE", "ADD UNIQUE"},
            {" ADD VALUE ", "ADD VALUE"},
            {" ADD COLUMN ", "ADD COLUMN"},
            {" DROP COLUMN ", "DROP COLUMN"},
            {" RENAME COLUMN ", "RENAME COLUMN"},
            {" RENAME TO ", "RENAME TO"},
            {" RENAME ", "RENAME (column)"},
            {" SET NOT NULL", "ALTER COLUMN SET NOT NULL"},
            {" DROP NOT NULL", "ALTER COLUMN DROP NOT NULL"},
            {" TYPE ", "ALTER COLUMN TYPE"},
            {" SET DEFAULT ", "ALTER COLUMN SET DEFAULT"},
            {" DROP DEFAULT", "ALTER COLUMN DROP DEFAULT"},
            {" SET STATISTICS ", "ALTER COLUMN SET STATISTICS"},
            {" CLUSTER ON ", "CLUSTER ON"},
            {" SET (", "SET (storage parameters)"},
        };
        for (String[] a : actions) {
            if (s.contains(a[0])) {
                return a[1];
            }
        }
        return "other";
    }

    /** The first line of JSqlParser's message: the token it met and where. */
    private static String firstLine(String message) {
        String line = message.strip()
                .lines()
                .findFirst()
                .orElse("")
                .replace("net.sf.jsqlparser.parser.ParseException: ", "")
                .replace(", in lexical state DEFAULT.", "");
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }

    private static String jsqlVersion() {
        try (java.io.InputStream in = CCJSqlParserUtil.class.getResourceAsStream(
                "/META-INF/maven/com.github.jsqlparser/jsqlparser/pom.properties")) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
