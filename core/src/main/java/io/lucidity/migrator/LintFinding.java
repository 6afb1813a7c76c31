package io.lucidity.migrator;

/**
 * A statement of a pending migration that takes a lock traffic would wait for, or that the previous build (still
 * running during a rolling upgrade) cannot live with, found by {@link Migrator#lint()}.
 *
 * @param migration the migration: {@code V3 (V3__add_index.sql)}
 * @param file      where the file is ({@code filesystem:db/migration/V3__add_index.sql} or its class path name)
 * @param line      the line of the file the statement starts on (1-based)
 * @param rule      the rule's id, e.g. {@code index-not-concurrent} (docs/lint.md lists them)
 * @param severity  how bad: an unallowed {@link Severity#ERROR} fails {@code migrator lint} (exit 6)
 * @param lock      the lock the statement takes, e.g. {@code ACCESS EXCLUSIVE}, {@code SHARE}
 * @param blocks    what waits for it while it is held: {@code reads, writes, DDL}, {@code writes, DDL}, ...
 * @param message   why it matters, with the table
 * @param fix       the safe rewrite, in SQL: the multi-step recipe where one exists
 * @param allowed   the reason given in a {@code -- migrator:allow <rule> <reason>} comment, or null when not allowed
 * @param statement the statement, on one line, shortened
 * @param traced    with {@code --trace} ({@link Migrator#lint(boolean)}): the locks the statement really took on a
 *                  scratch copy of the schema ({@code SHARE on public.orders}), or why it was not measured; null
 *                  without a trace
 */
public record LintFinding(
        String migration,
        String file,
        int line,
        String rule,
        Severity severity,
        String lock,
        String blocks,
        String message,
        String fix,
        String allowed,
        String statement,
        String traced) {

    /** How bad a finding is. */
    public enum Severity {
        /** Blocks traffic on a table that exists and is large or of unknown size, or breaks the running build. */
        ERROR,
        /** Blocks traffic on a table the live database shows to be small, or may rewrite (the old type is unknown). */
        WARNING,
        /** Worth knowing; nothing waits long. */
        INFO;

        /** {@code error}, {@code warning} or {@code info}, as {@code --json} writes it. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Whether a {@code -- migrator:allow} comment allows it. */
    public boolean isAllowed() {
        return allowed != null;
    }

    /** An error that no comment allows: it fails {@code migrator lint} and, under {@code lint=refuse}, the upgrade. */
    public boolean isBlocking() {
        return severity == Severity.ERROR && allowed == null;
    }
}
