package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lucidity.migrator.LintFinding.Severity;
import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.MigrationFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The linter on a real server: only the pending migrations count, the live table's size ranks the severity, the
 * server version is read, and the boot policy lint=off|warn|refuse and the check item act on the findings.
 */
class LintLiveTest {
    private final TestDb db = new TestDb();
    private final MigrationFiles dir = new MigrationFiles();

    @BeforeEach
    void ordersApplied() {
        dir.migration("V1__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, customer text, total int);");
        try (Migrator m = configure().load()) {
            m.upgradeToHead();
        }
        dir.migration("V2__orders_customer.sql", "CREATE INDEX orders_customer ON orders (customer);");
    }

    @AfterEach
    void cleanUp() {
        db.close();
        dir.close();
    }

    private MigratorConfig.Builder configure() {
        return db.configure(dir).extensions("none").seedLocations("none");
    }

    private void makeOrdersLarge() {
        db.execute("INSERT INTO orders SELECT g, 'c' || g % 100, g FROM generate_series(1, 20000) g");
        db.execute("ANALYZE orders");
    }

    @Test
    void aSmallLiveTableGivesAWarningALargeOneAnError() {
        LintReport small;
        try (Migrator m = configure().load()) {
            small = m.lint();
        }
        assertThat(small.live()).isTrue();
        assertThat(small.linted()).isEqualTo(1);
        assertThat(small.serverVersion())
                .isEqualTo(Integer.parseInt(db.value("SELECT current_setting('server_version_num')")));
        assertThat(small.findings())
                .extracting(LintFinding::rule, LintFinding::severity)
                .containsExactly(org.assertj.core.api.Assertions.tuple("index-not-concurrent", Severity.WARNING));
        assertThat(small.exitCode()).isZero();

        makeOrdersLarge();
        LintReport large;
        try (Migrator m = configure().load()) {
            large = m.lint();
        }
        LintFinding f = large.findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.message()).contains("about 20000 rows");
        assertThat(large.exitCode()).isEqualTo(6);
    }

    @Test
    void aTableCreatedByAPendingMigrationIsNotFlaggedEvenWhenAnotherTableIsLarge() {
        makeOrdersLarge();
        dir.migration(
                "V2__orders_customer.sql",
                "CREATE TABLE invoices (id bigint, order_id bigint);\n"
                        + "CREATE INDEX invoices_order ON invoices (order_id);\n"
                        + "ALTER TABLE invoices ADD CONSTRAINT invoices_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);");
        try (Migrator m = configure().load()) {
            assertThat(m.lint().findings()).isEmpty();
        }
    }

    @Test
    void refuseStopsTheUpgradeBeforeAnyMigrationRuns() {
        makeOrdersLarge();
        dir.migration("V3__later.sql", "CREATE TABLE later (id int);");
        MigratorException e;
        try (Migrator m = configure().lint(LintPolicy.REFUSE).load()) {
            e = catchThrowableOfType(MigratorException.class, m::upgradeToHead);
        }
        assertThat(e.code()).isEqualTo(DiagnosticCode.LINT_REFUSED);
        assertThat(e.code().exitCode()).isEqualTo(6);
        assertThat(e.getMessage())
                .contains("index-not-concurrent in V2 (V2__orders_customer.sql) line 1")
                .contains("-- migrator:allow index-not-concurrent <reason>")
                .contains("lint(LintPolicy.WARN)")
                .contains("`migrator.lint()` lists every finding");
        assertThat(db.exists("later")).isFalse();
        assertThat(db.value("SELECT max(version) FROM flyway_schema_history")).isEqualTo("1");
    }

    @Test
    void refuseLetsAnAllowedFindingAndASmallTableThrough() {
        // Small table: a warning, which refuse does not stop.
        try (Migrator m = configure().lint(LintPolicy.REFUSE).load()) {
            m.upgradeTo("2");
        }
        assertThat(db.value("SELECT indexname FROM pg_indexes WHERE indexname = 'orders_customer'"))
                .isEqualTo("orders_customer");

        makeOrdersLarge();
        dir.migration(
                "V3__orders_total.sql",
                "-- migrator:allow index-not-concurrent built in the maintenance window\n"
                        + "CREATE INDEX orders_total ON orders (total);");
        try (Migrator m = configure().lint(LintPolicy.REFUSE).load()) {
            UpgradeReport report = m.upgradeToHead();
            assertThat(report.toRevision()).isEqualTo("3");
        }
    }

    @Test
    void warnAndOffApplyTheMigrations() {
        makeOrdersLarge();
        try (Migrator m = configure().load()) {
            assertThat(m.config().lint()).isEqualTo(LintPolicy.WARN);
            assertThat(m.upgradeToHead().toRevision()).isEqualTo("2");
        }
        dir.migration("V3__orders_total.sql", "CREATE INDEX orders_total ON orders (total);");
        try (Migrator m = configure().setting("lint", "off").load()) {
            assertThat(m.upgradeToHead().toRevision()).isEqualTo("3");
        }
    }

    @Test
    void checkWarnsOnAHazardAndBlocksUnderRefuse() {
        makeOrdersLarge();
        CheckResult warned;
        try (Migrator m = configure().load()) {
            warned = lintItem(m.check());
        }
        assertThat(warned.outcome()).isEqualTo(CheckResult.Outcome.WARN);
        assertThat(warned.detail())
                .contains("index-not-concurrent (error) at V2 (V2__orders_customer.sql) line 1")
                .contains("migrator lint");

        CheckReport refused;
        try (Migrator m = configure().lint(LintPolicy.REFUSE).load()) {
            refused = m.check();
        }
        assertThat(lintItem(refused).outcome()).isEqualTo(CheckResult.Outcome.BLOCK);
        assertThat(refused.blocked()).isTrue();

        try (Migrator m = configure().load()) {
            m.upgradeToHead();
            assertThat(lintItem(m.check()).detail()).isEqualTo("no pending migration");
        }
    }

    private static CheckResult lintItem(CheckReport report) {
        return report.results().stream()
                .filter(r -> r.name().equals("lint"))
                .findFirst()
                .orElseThrow();
    }
}
