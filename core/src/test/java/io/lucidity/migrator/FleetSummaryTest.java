package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lucidity.migrator.FleetReport.Outcome;
import io.lucidity.migrator.FleetReport.TenantResult;
import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.MigrationFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fleet summary on a real server: one table in the home schema that the check at head reads instead of every
 * tenant's tables, kept by each run and made stale by the tenants' own triggers whatever changes their history, journal
 * or seed journal, so that it never reports a tenant at head that is not.
 */
class FleetSummaryTest {
    private static final String SUMMARY = "public.migrator_fleet_summary";

    private final TestDb db = new TestDb();
    private final MigrationFiles dir = new MigrationFiles();

    @BeforeEach
    void aFleetOfThree() {
        dir.migration("V1__accounts.sql", "CREATE TABLE accounts (id int PRIMARY KEY, owner text);")
                .migration("V2__settings.sql", "CREATE TABLE settings (name text PRIMARY KEY, value text);")
                .seed("01_settings.json", """
                        {"table": "settings", "key": ["name"], "rows": [{"name": "tenant", "value": "${env:tenant}"}]}
                        """);
        db.execute("CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b; CREATE SCHEMA tenant_c");
    }

    @AfterEach
    void cleanUp() {
        db.close();
        dir.close();
    }

    private FleetReport upgradeFleet() {
        try (Migrator migrator =
                db.configure(dir).extensions("none").tenantSchemas("tenant\\_%").load()) {
            return migrator.upgradeFleet();
        }
    }

    /** The tenants whose fleet row is up to date (summarized at its current generation). */
    private String fresh() {
        return db.value("SELECT coalesce(string_agg(tenant, ',' ORDER BY tenant), '') FROM " + SUMMARY
                + " WHERE summarized_generation = generation");
    }

    @Test
    void aRunKeepsTheSummaryAndTheNextCheckAtHeadReadsItAlone() {
        assertThat(upgradeFleet().summary().upgraded()).isEqualTo(3);
        assertThat(fresh()).isEqualTo("tenant_a,tenant_b,tenant_c");
        assertThat(db.column("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'migrator_fleet_summary' "
                        + "AND tgrelid::regclass::text LIKE 'tenant_a.%' ORDER BY 1"))
                .containsExactly(
                        "tenant_a.flyway_schema_history",
                        "tenant_a.migrator_journal",
                        "tenant_a.migrator_seed_journal");

        // Make every tenant's own summary unreadable: a check that read the tenants' tables would not find them at
        // head.
        db.execute("UPDATE tenant_a.migrator_history_summary SET summarized_generation = -1; "
                + "UPDATE tenant_b.migrator_history_summary SET summarized_generation = -1; "
                + "UPDATE tenant_c.migrator_history_summary SET summarized_generation = -1");
        FleetReport again = upgradeFleet();

        assertThat(again.tenants())
                .extracting(TenantResult::tenant, TenantResult::outcome, TenantResult::migrations)
                .containsExactly(
                        tuple("tenant_a", Outcome.AT_HEAD, 0),
                        tuple("tenant_b", Outcome.AT_HEAD, 0),
                        tuple("tenant_c", Outcome.AT_HEAD, 0));
        assertThat(fresh()).isEqualTo("tenant_a,tenant_b,tenant_c");
    }

    @Test
    void aSeedJournalRowDeletedByHandIsSeenAndTheSeedRunsAgainForThatTenantOnly() {
        upgradeFleet();
        db.execute("DELETE FROM tenant_b.migrator_seed_journal; DELETE FROM tenant_b.settings");
        assertThat(fresh()).isEqualTo("tenant_a,tenant_c");

        FleetReport report = upgradeFleet();

        assertThat(report.tenant("tenant_b").seeds()).isEqualTo(1);
        assertThat(report.tenant("tenant_a").outcome()).isEqualTo(Outcome.AT_HEAD);
        assertThat(db.value("SELECT value FROM tenant_b.settings WHERE name = 'tenant'"))
                .isEqualTo("tenant_b");
        assertThat(fresh()).isEqualTo("tenant_a,tenant_b,tenant_c");
    }

    @Test
    void aFailedHistoryRowWrittenByAnotherToolIsNotHiddenByTheSummary() {
        upgradeFleet();
        db.execute("INSERT INTO tenant_c.flyway_schema_history (installed_rank, version, description, type, script, "
                + "checksum, installed_by, execution_time, success) VALUES (3, '3', 'half done', 'SQL', "
                + "'V3__half_done.sql', 1, 'flyway', 1, false)");

        FleetReport report = upgradeFleet();

        assertThat(report.tenant("tenant_c").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(report.tenant("tenant_c").error()).isNotNull();
        assertThat(report.tenant("tenant_a").outcome()).isEqualTo(Outcome.AT_HEAD);
        assertThat(report.tenant("tenant_b").outcome()).isEqualTo(Outcome.AT_HEAD);
    }

    @Test
    void aChangeMadeWhileTheTriggerWasDisabledVoidsTheRowEvenOnceTheTriggerIsBack() {
        upgradeFleet();
        db.execute("ALTER TABLE tenant_a.migrator_seed_journal DISABLE TRIGGER migrator_fleet_summary; "
                + "DELETE FROM tenant_a.migrator_seed_journal; DELETE FROM tenant_a.settings; "
                + "ALTER TABLE tenant_a.migrator_seed_journal ENABLE ALWAYS TRIGGER migrator_fleet_summary");
        assertThat(fresh()).as("the generation was not bumped").contains("tenant_a");

        FleetReport report = upgradeFleet();

        assertThat(report.tenant("tenant_a").seeds()).isEqualTo(1);
        assertThat(db.value("SELECT value FROM tenant_a.settings WHERE name = 'tenant'"))
                .isEqualTo("tenant_a");
        assertThat(report.allAtHead()).isTrue();
    }

    @Test
    void aNewMigrationUpgradesEveryTenantAndTheSummaryFollows() {
        upgradeFleet();
        dir.migration("V3__notes.sql", "CREATE TABLE notes (id int PRIMARY KEY);");

        FleetReport report = upgradeFleet();

        assertThat(report.summary().upgraded()).isEqualTo(3);
        assertThat(db.exists("tenant_b.notes")).isTrue();
        assertThat(fresh()).isEqualTo("tenant_a,tenant_b,tenant_c");
        assertThat(upgradeFleet().summary().atHead()).isEqualTo(3);
    }

    @Test
    void aTenantUpgradedAloneMarksItsRowStaleAndTheFleetStillFindsItAtHead() {
        upgradeFleet();
        dir.migration("V3__notes.sql", "CREATE TABLE notes (id int PRIMARY KEY);");
        try (Migrator alone = db.configure(dir)
                .extensions("none")
                .schema("tenant_a")
                .seedVariable("tenant", "tenant_a")
                .load()) {
            alone.upgradeToHead();
        }
        assertThat(fresh()).isEqualTo("tenant_b,tenant_c");

        FleetReport report = upgradeFleet();

        assertThat(report.tenants())
                .extracting(TenantResult::tenant, TenantResult::outcome)
                .containsExactly(
                        tuple("tenant_a", Outcome.AT_HEAD),
                        tuple("tenant_b", Outcome.UPGRADED),
                        tuple("tenant_c", Outcome.UPGRADED));
    }

    @Test
    void aFleetFunctionAnyRoleMayExecuteIsNoLongerTrustedAndItsTenantIsRefused() {
        upgradeFleet();
        db.execute("GRANT EXECUTE ON FUNCTION tenant_b.migrator_fleet_changed() TO PUBLIC");

        FleetReport report = upgradeFleet();

        assertThat(report.tenant("tenant_a").outcome()).isEqualTo(Outcome.AT_HEAD);
        assertThat(report.tenant("tenant_b").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(report.tenant("tenant_b").error().code()).isEqualTo(DiagnosticCode.UNTRUSTED_OBJECT);
        assertThat(report.tenant("tenant_b").error().getMessage()).contains("migrator_fleet_summary");
    }
}
