package io.lucidity.migrator;

import java.util.List;

/**
 * What {@link Migrator#lint()} found in the pending migrations.
 *
 * @param findings      every finding, in migration and line order, allowed ones included
 * @param linted        how many migrations were linted
 * @param serverVersion the server's {@code server_version_num} the version-dependent rules used; without a database
 *                      the newest supported server (180000)
 * @param live          whether the table sizes and server version were read from the database (else the tables are
 *                      taken as existing and of unknown size)
 * @param trace         with {@link Migrator#lint(boolean) a trace}: what it measured, in one sentence (how many
 *                      statements, where it stopped if a statement failed on the scratch copy); null without one
 */
public record LintReport(List<LintFinding> findings, int linted, int serverVersion, boolean live, String trace) {

    /** The exit status of {@code migrator lint}: 6 when an error is not allowed, else 0. */
    public static final int BLOCKED_EXIT_CODE = 6;

    public LintReport {
        findings = List.copyOf(findings);
    }

    /** The error findings no {@code -- migrator:allow} comment allows. */
    public List<LintFinding> blocking() {
        return findings.stream().filter(LintFinding::isBlocking).toList();
    }

    /** Whether an error finding is not allowed. */
    public boolean blocked() {
        return findings.stream().anyMatch(LintFinding::isBlocking);
    }

    /** 0 without unallowed error findings, 6 with ({@code migrator lint}'s exit status). */
    public int exitCode() {
        return blocked() ? BLOCKED_EXIT_CODE : 0;
    }
}
