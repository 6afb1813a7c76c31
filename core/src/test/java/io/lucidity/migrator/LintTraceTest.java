package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lucidity.migrator.LintFinding.Severity;
import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.MigrationFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code lint(true)}: the static findings carry the locks the trace measured on a scratch copy, the two agree, and a
 * statement the trace saw take a strong lock on an existing table without a static finding gets one of its own.
 */
class LintTraceTest {
    private final TestDb db = new TestDb();
    private final MigrationFiles dir = new MigrationFiles();

    @AfterEach
    void cleanUp() {
        db.close();
        dir.close();
    }

    @Test
    void staticFindingsCarryTheTracedLockAndAStrongLockNoRulePredictsIsReported() {
        dir.migration("V1__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, customer text, total int);");
        try (Migrator m =
                db.configure(dir).extensions("none").seedLocations("none").load()) {
            m.upgradeToHead();
        }
        db.execute("INSERT INTO orders SELECT g, 'c' || g % 100, g FROM generate_series(1, 20000) g");
        db.execute("ANALYZE orders");
        dir.migration(
                "V2__orders_changes.sql",
                "CREATE INDEX orders_customer ON orders (customer);\n"
                        + "ALTER TABLE orders ALTER COLUMN total SET DEFAULT 0;\n"
                        + "CREATE TABLE notes (id int);\n"
                        + "CREATE INDEX notes_id ON notes (id);");

        LintReport report;
        try (Migrator m =
                db.configure(dir).extensions("none").seedLocations("none").load()) {
            report = m.lint(true);
        }

        assertThat(report.trace()).startsWith("4 statement(s) traced on a scratch copy of the schema, rolled back");
        assertThat(report.findings())
                .extracting(LintFinding::line, LintFinding::rule, LintFinding::severity, LintFinding::lock)
                .containsExactly(
                        tuple(1, "index-not-concurrent", Severity.ERROR, "SHARE"),
                        tuple(2, "traced-lock", Severity.INFO, "ACCESS EXCLUSIVE"));
        // Static and traced agree: CREATE INDEX takes SHARE on the table.
        assertThat(report.findings().get(0).traced()).contains("SHARE on public.orders");
        assertThat(report.findings().get(1).traced()).contains("ACCESS EXCLUSIVE on public.orders");
        assertThat(report.findings().get(1).message()).contains("about 20000 rows");
        assertThat(report.exitCode()).isEqualTo(6);
        // The trace rolled back and dropped its scratch database: the live one is unchanged.
        assertThat(db.exists("notes")).isFalse();
        assertThat(db.column("SELECT datname FROM pg_database WHERE datname LIKE 'migrator\\_trace\\_%'"))
                .isEmpty();
    }
}
