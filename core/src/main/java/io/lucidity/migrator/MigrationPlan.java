package io.lucidity.migrator;

import java.util.List;

/**
 * What an upgrade would do, in order, with transaction boundaries; computing it changes nothing.
 *
 * @param fromRevision the revision now
 * @param toRevision   the revision after the upgrade
 * @param steps        the steps
 */
public record MigrationPlan(String fromRevision, String toRevision, List<Step> steps) {

    /**
     * One step of the plan.
     *
     * @param kind          extension, session (the search path the scripts run with), migration, repeatable or seed
     * @param name          what it is (extension name, migration label, seed name)
     * @param transaction   the number of the transaction it runs in (steps sharing a number commit together); 0 outside any
     * @param statements    the SQL it runs (for declarative seeds: a description)
     */
    public record Step(String kind, String name, int transaction, List<String> statements) {}

    /** The plan as an SQL script with BEGIN/COMMIT around each transaction. */
    public String toSql() {
        StringBuilder sql = new StringBuilder("-- Migrator plan: ")
                .append(fromRevision)
                .append(" -> ")
                .append(toRevision)
                .append('\n');
        int open = 0;
        for (Step step : steps) {
            if (step.transaction() != open) {
                if (open != 0) {
                    sql.append("COMMIT;\n");
                }
                if (step.transaction() != 0) {
                    sql.append("BEGIN;\n");
                }
                open = step.transaction();
            }
            sql.append("-- ")
                    .append(step.kind())
                    .append(": ")
                    .append(step.name())
                    .append(step.transaction() == 0 ? " (outside a transaction)" : "")
                    .append('\n');
            for (String statement : step.statements()) {
                String text = statement.strip();
                boolean commentOnly = text.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("--"));
                sql.append(text).append(commentOnly ? "\n" : ";\n");
            }
        }
        if (open != 0) {
            sql.append("COMMIT;\n");
        }
        return sql.toString();
    }
}
