package io.lucidity.migrator.internal.lint;

import io.lucidity.migrator.LintFinding.Severity;

/**
 * A rule's finding on one statement, before suppression: the statement it is on (its place in the upgrade) and the
 * line within the statement.
 */
record Hit(
        Rule rule,
        Severity severity,
        Lint.Statement statement,
        int lineInStatement,
        String lock,
        String blocks,
        String message,
        String fix) {}
