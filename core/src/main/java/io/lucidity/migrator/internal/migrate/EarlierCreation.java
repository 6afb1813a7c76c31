package io.lucidity.migrator.internal.migrate;

import io.lucidity.migrator.internal.resolve.ResolvedMigration;
import io.lucidity.migrator.internal.resolve.ScriptStatement;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the earlier migration of this build that already creates or adds the object a failing migration reports as
 * existing (SQLState 42701, 42P07, 42710): the server names it in quotes ({@code relation "t" already exists},
 * {@code column "c" of relation "t" already exists}), and an earlier statement that creates or adds it names it
 * right after its keyword ({@code CREATE TABLE t}, {@code CREATE INDEX CONCURRENTLY IF NOT EXISTS i},
 * {@code ADD COLUMN c}, {@code CONSTRAINT k}) or, for a column, declares it in {@code CREATE TABLE t (..., c ...)}.
 */
final class EarlierCreation {
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");
    private static final String QUALIFIER = "(?:(?:\"[^\"]+\"|[\\w$]+)\\s*\\.\\s*)?";
    private static final String IF_NOT_EXISTS = "(?:if\\s+not\\s+exists\\s+)?";
    private static final String END = "(?![\\w$])";

    private EarlierCreation() {}

    /**
     * The first of {@code earlier} (in order) holding a statement that creates or adds the object named in the
     * server's message.
     */
    static Optional<ResolvedMigration> find(String serverMessage, String sqlState, List<ResolvedMigration> earlier) {
        Matcher quoted = QUOTED.matcher(serverMessage == null ? "" : serverMessage);
        if (!quoted.find()) {
            return Optional.empty();
        }
        String name = identifier(quoted.group(1));
        String relation = "42701".equals(sqlState) && quoted.find() ? identifier(quoted.group(1)) : null;
        List<Pattern> creations = relation == null
                ? List.of(
                        Pattern.compile("(?is)\\bcreate\\s+(?:\\w+\\s+){0,3}?(?:table|view|sequence|index|type|domain"
                                + "|trigger|policy|rule)\\s+(?:concurrently\\s+)?" + IF_NOT_EXISTS + QUALIFIER + name
                                + END),
                        Pattern.compile("(?is)\\b(?:add|constraint)\\s+" + IF_NOT_EXISTS + name + END))
                : List.of(
                        Pattern.compile("(?is)\\balter\\s+table\\s+(?:if\\s+exists\\s+)?(?:only\\s+)?" + QUALIFIER
                                + relation + END + ".*\\badd\\s+(?:column\\s+)?" + IF_NOT_EXISTS + name + END),
                        Pattern.compile("(?is)\\bcreate\\s+(?:\\w+\\s+){0,2}?table\\s+" + IF_NOT_EXISTS + QUALIFIER
                                + relation + "\\s*\\((?:[^;]*?[(,])?\\s*" + name + "\\s"));
        for (ResolvedMigration m : earlier) {
            for (ScriptStatement statement : statements(m)) {
                if (creations.stream().anyMatch(p -> p.matcher(statement.sql()).find())) {
                    return Optional.of(m);
                }
            }
        }
        return Optional.empty();
    }

    /** A pattern of the name as written plainly (when it is lower case: PostgreSQL folds a plain name) or quoted. */
    private static String identifier(String name) {
        String quoted = Pattern.quote("\"" + name + "\"");
        return name.equals(name.toLowerCase(Locale.ROOT)) ? "(?:" + quoted + "|" + Pattern.quote(name) + ")" : quoted;
    }

    private static List<ScriptStatement> statements(ResolvedMigration m) {
        try {
            return m.statements();
        } catch (RuntimeException unreadable) {
            return List.of();
        }
    }
}
