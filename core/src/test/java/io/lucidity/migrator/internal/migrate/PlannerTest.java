package io.lucidity.migrator.internal.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.internal.history.AppliedRow;
import io.lucidity.migrator.internal.history.HistoryView;
import io.lucidity.migrator.internal.resolve.FlywayScripts;
import io.lucidity.migrator.internal.resolve.MigrationCatalog;
import io.lucidity.migrator.internal.resolve.MigrationResolver;
import io.lucidity.migrator.internal.resolve.ResolvedMigration;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pure planner: this build's migration files and a history (rows as Flyway writes them) in, a plan or a refusal
 * out. No database: the situations the upgrade tests build on PostgreSQL, decided here in milliseconds.
 */
class PlannerTest {
    private final MigrationFiles dir = new MigrationFiles();
    private final List<AppliedRow> rows = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        dir.close();
    }

    private MigrationCatalog catalog(UnaryOperator<MigratorConfig.Builder> settings) {
        return MigrationResolver.resolve(config(settings), new FlywayScripts(config(settings)));
    }

    private MigratorConfig config(UnaryOperator<MigratorConfig.Builder> settings) {
        return settings.apply(Migrator.configure()
                        .url("jdbc:postgresql://db.internal/app")
                        .locations(dir.locations()))
                .build();
    }

    private Planner.Plan plan(UnaryOperator<MigratorConfig.Builder> settings, String target, boolean toHead) {
        MigrationCatalog catalog = catalog(settings);
        return new Planner(config(settings))
                .plan(catalog, new HistoryView(rows), catalog.resolveRevision(target), toHead);
    }

    private Planner.Plan planHead() {
        return plan(b -> b, "head", true);
    }

    private <T extends MigratorException> T refusal(Class<T> type, UnaryOperator<MigratorConfig.Builder> settings) {
        T e = catchThrowableOfType(type, () -> plan(settings, "head", true));
        assertThat(e).as("the plan was expected to be refused").isNotNull();
        return e;
    }

    /** A history row for a file of this build, with the file's checksum. */
    private void applied(String version) {
        ResolvedMigration m = catalog(b -> b).find(MigrationVersion.fromVersion(version));
        row(version, m.description(), m.script(), m.checksum(), true);
    }

    private void row(String version, String description, String script, Integer checksum, boolean success) {
        rows.add(new AppliedRow(
                rows.size() + 1,
                version,
                description,
                version == null && "BASELINE".equals(description) ? "BASELINE" : "SQL",
                script,
                checksum,
                "deploy",
                LocalDateTime.of(2026, 11, 30, 12, 0),
                5,
                success));
    }

    private static List<String> versions(List<ResolvedMigration> migrations) {
        return migrations.stream().map(ResolvedMigration::versionText).toList();
    }

    @Test
    void anEmptyDatabaseGetsEveryMigrationInVersionOrderFromBase() {
        dir.migration("V1__a.sql", "CREATE TABLE a (id int);")
                .migration("V10__c.sql", "CREATE TABLE c (id int);")
                .migration("V2__b.sql", "CREATE TABLE b (id int);");

        Planner.Plan plan = planHead();

        assertThat(plan.current()).isEqualTo("base");
        assertThat(versions(plan.versioned())).containsExactly("1", "2", "10");
        assertThat(plan.isEmpty()).isFalse();
        assertThat(plan.ahead()).isEmpty();
    }

    @Test
    void appliedMigrationsAreNotPlannedAgainAndAtHeadThePlanIsEmpty() {
        dir.migration("V1__a.sql", "CREATE TABLE a (id int);").migration("V2__b.sql", "CREATE TABLE b (id int);");
        applied("1");

        Planner.Plan plan = planHead();
        assertThat(plan.current()).isEqualTo("1");
        assertThat(versions(plan.versioned())).containsExactly("2");

        applied("2");
        assertThat(planHead().isEmpty()).isTrue();
        assertThat(planHead().current()).isEqualTo("2");
    }

    @Test
    void aTargetStopsThePlanAtItsVersion() {
        dir.migration("V1__a.sql", "CREATE TABLE a (id int);")
                .migration("V2__b.sql", "CREATE TABLE b (id int);")
                .migration("V3__c.sql", "CREATE TABLE c (id int);");

        assertThat(versions(plan(b -> b, "2", false).versioned())).containsExactly("1", "2");
        assertThat(plan(b -> b, "base", false).isEmpty()).isTrue();
    }

    @Test
    void aFailedRowIsRefusedAsFailedNamingItAndTheWayOut() {
        dir.migration("V1__a.sql", "CREATE TABLE a (id int);")
                .migration("V2__index.sql", "CREATE INDEX CONCURRENTLY i ON a (id);");
        applied("1");
        row("2", "index", "V2__index.sql", 7, false);

        MigratorException e = refusal(MigratorException.class, b -> b);

        assertThat(e.code()).isEqualTo(DiagnosticCode.FAILED_MIGRATION);
        assertThat(e.summary()).contains("V2", "V2__index.sql");
        assertThat(e.facts()).containsEntry("current revision", "1");
        assertThat(e.facts().get("failed migrations")).startsWith("V2 V2__index.sql at 2026-11-30");
        assertThat(e.remedy()).contains("`migrator.repair()`", "`migrator.stamp(\"2\")`");
    }

    @Test
    void aFailedRepeatableIsNamedByItsDescription() {
        dir.migration("V1__a.sql", "CREATE TABLE a (id int);");
        applied("1");
        row(null, "views", "R__views.sql", 7, false);

        MigratorException e = refusal(MigratorException.class, b -> b);

        assertThat(e.code()).isEqualTo(DiagnosticCode.FAILED_MIGRATION);
        assertThat(e.summary()).contains("R views");
        assertThat(e.remedy()).contains("`migrator.stamp(\"1\")`");
    }

    @Test
    void aFileChangedAfterItWasAppliedIsRefusedNamingBothChecksums() {
        dir.migration("V1__a.sql", "CREATE TABLE a (id int);");
        int checksum = catalog(b -> b).find(MigrationVersion.fromVersion("1")).checksum();
        row("1", "a", "V1__a.sql", checksum + 1, true);

        MigratorException e = refusal(MigratorException.class, b -> b);

        assertThat(e.code()).isEqualTo(DiagnosticCode.CHECKSUM_MISMATCH);
        assertThat(e.summary()).isEqualTo("An applied migration was changed after it was applied.");
        assertThat(e.facts().get("changed")).contains("V1", "applied " + (checksum + 1), "file now " + checksum);
        assertThat(e.remedy()).contains("`migrator.repair()`");
    }

    @Test
    void aNewerAppliedMigrationIsRefusedAsSchemaAheadUnlessTolerated() {
        dir.migration("V1__a.sql", "CREATE TABLE a (id int);");
        applied("1");
        row("2", "from the next release", "V2__from_the_next_release.sql", 42, true);

        MigratorException e = refusal(MigratorException.class, b -> b);
        assertThat(e.code()).isEqualTo(DiagnosticCode.SCHEMA_AHEAD);
        assertThat(e.facts())
                .containsEntry("database revision", "2")
                .containsEntry("newest in this build", "1")
                .containsEntry("unknown applied versions", "2");
        assertThat(e.remedy()).contains("tolerateNewerSchema(true)");

        Planner.Plan tolerated = plan(b -> b.tolerateNewerSchema(true), "head", true);
        assertThat(tolerated.ahead()).containsExactly("2");
        assertThat(tolerated.isEmpty()).isTrue();
    }

    @Test
    void anAppliedMigrationWhoseFileIsGoneIsRefusedAsMissingEvenWhenNewerOnesAreTolerated() {
        dir.migration("V1__a.sql", "CREATE TABLE a (id int);").migration("V3__c.sql", "CREATE TABLE c (id int);");
        applied("1");
        row("2", "b", "V2__b.sql", 42, true);
        applied("3");

        MigratorException e = refusal(MigratorException.class, b -> b.tolerateNewerSchema(true));

        assertThat(e.code()).isEqualTo(DiagnosticCode.MISSING_MIGRATION);
        assertThat(e.facts()).containsEntry("missing", "V2 (V2__b.sql)").containsEntry("head of this build", "3");
    }

    @Test
    void anOlderPendingMigrationIsRefusedAsOutOfOrderUnlessAllowed() {
        dir.migration("V1.8__a.sql", "CREATE TABLE a (id int);")
                .migration("V1.9__c.sql", "CREATE TABLE c (id int);")
                .migration("V1.8.5__b.sql", "CREATE TABLE b (id int);");
        applied("1.8");
        applied("1.9");

        MigratorException e = refusal(MigratorException.class, b -> b);
        assertThat(e.code()).isEqualTo(DiagnosticCode.OUT_OF_ORDER);
        assertThat(e.summary()).contains("(1.9)");
        assertThat(e.facts()).containsEntry("newest applied", "1.9");
        assertThat(e.facts().get("out of order")).contains("1.8.5");
        assertThat(e.remedy()).contains("V1.10__", "outOfOrder(true)");

        assertThat(versions(plan(b -> b.outOfOrder(true), "head", true).versioned()))
                .containsExactly("1.8.5");
    }

    @Test
    void theOutOfOrderHintCountsOnFromAWholeVersion() {
        dir.migration("V7__a.sql", "CREATE TABLE a (id int);").migration("V5__b.sql", "CREATE TABLE b (id int);");
        applied("7");

        assertThat(refusal(MigratorException.class, b -> b).remedy()).contains("V8__");
    }

    @Test
    void versionsAtOrBelowTheBaselineAreNeverPlanned() {
        dir.migration("V1__a.sql", "CREATE TABLE a (id int);")
                .migration("V2__b.sql", "CREATE TABLE b (id int);")
                .migration("V3__c.sql", "CREATE TABLE c (id int);");
        rows.add(new AppliedRow(
                1,
                "2",
                "<< Flyway Baseline >>",
                "BASELINE",
                "<< Flyway Baseline >>",
                null,
                "deploy",
                LocalDateTime.of(2026, 11, 30, 12, 0),
                0,
                true));

        Planner.Plan plan = planHead();

        assertThat(plan.current()).isEqualTo("2");
        assertThat(versions(plan.versioned())).containsExactly("3");
    }

    @Test
    void repeatablesRunAtHeadWhenNewOrChangedAndNotBeforeHead() {
        dir.migration("V1__a.sql", "CREATE TABLE a (id int);")
                .migration("R__views.sql", "CREATE OR REPLACE VIEW v AS SELECT 1;")
                .migration("R__grants.sql", "SELECT 2;");
        applied("1");
        assertThat(planHead().repeatable())
                .extracting(ResolvedMigration::description)
                .containsExactlyInAnyOrder("views", "grants");
        assertThat(plan(b -> b, "1", false).repeatable()).isEmpty();

        MigrationCatalog catalog = catalog(b -> b);
        ResolvedMigration views = catalog.repeatable().stream()
                .filter(m -> m.description().equals("views"))
                .findFirst()
                .orElseThrow();
        ResolvedMigration grants = catalog.repeatable().stream()
                .filter(m -> m.description().equals("grants"))
                .findFirst()
                .orElseThrow();
        row(null, "views", views.script(), views.checksum(), true);
        row(null, "grants", grants.script(), grants.checksum() + 1, true);

        assertThat(planHead().repeatable())
                .extracting(ResolvedMigration::description)
                .containsExactly("grants");
        assertThat(planHead().isEmpty()).isFalse();
    }

    @Test
    void validateRefusesAsThePlanForHeadDoes() {
        dir.migration("V1__a.sql", "CREATE TABLE a (id int);");
        row("1", "a", "V1__a.sql", 7, false);
        MigrationCatalog catalog = catalog(b -> b);

        MigratorException e = catchThrowableOfType(
                MigratorException.class, () -> new Planner(config(b -> b)).validate(catalog, new HistoryView(rows)));

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(DiagnosticCode.FAILED_MIGRATION);
    }
}
