package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.lucidity.migrator.FleetReport.Outcome;
import io.lucidity.migrator.FleetReport.TenantResult;
import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.LockKey;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.Poll;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fleets of schema tenants on a real server: each tenant source brings every tenant to head with its own history, a
 * tenant's refusal leaves the others alone, a re-run continues with what is left, a locked tenant is come back to,
 * and two Migrators on one fleet migrate every tenant once.
 */
class FleetTest {
    private final TestDb db = new TestDb();
    private final MigrationFiles dir = new MigrationFiles();
    private final ExecutorService background = Executors.newCachedThreadPool();

    @BeforeEach
    void twoMigrationsAndASeed() {
        dir.migration("V1__accounts.sql", "CREATE TABLE accounts (id int PRIMARY KEY, owner text);")
                .migration("V2__tenant_marker.sql", "CREATE TABLE marker AS SELECT '${tenant}'::text AS tenant;")
                .seed("01_settings.json", """
                        {"table": "settings", "key": ["name"], "rows": [{"name": "tenant", "value": "${env:tenant}"}]}
                        """)
                .migration("V3__settings.sql", "CREATE TABLE settings (name text PRIMARY KEY, value text);");
    }

    @AfterEach
    void cleanUp() throws Exception {
        background.shutdownNow();
        background.awaitTermination(10, TimeUnit.SECONDS);
        db.close();
        dir.close();
    }

    private MigratorConfig.Builder configure() {
        return db.configure(dir).extensions("none");
    }

    private void schemas(String... names) {
        for (String name : names) {
            db.execute("CREATE SCHEMA " + name);
        }
    }

    /** The versions in a tenant's own history table, in order. */
    private List<String> history(String tenant) {
        return db.column("SELECT version FROM " + tenant
                + ".flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank");
    }

    @Test
    void schemasLikeAPatternReachHeadEachWithItsOwnHistoryAndTheTenantPlaceholder() {
        schemas("tenant_a", "tenant_b", "tenantx", "billing");

        FleetReport report;
        try (Migrator migrator = configure().tenantSchemas("tenant\\_%").load()) {
            report = migrator.upgradeFleet();
        }

        assertThat(report.tenants())
                .extracting(
                        TenantResult::tenant,
                        TenantResult::outcome,
                        TenantResult::fromRevision,
                        TenantResult::toRevision,
                        TenantResult::migrations,
                        TenantResult::seeds)
                .containsExactly(
                        tuple("tenant_a", Outcome.UPGRADED, "base", "3", 3, 1),
                        tuple("tenant_b", Outcome.UPGRADED, "base", "3", 3, 1));
        assertThat(report.summary()).isEqualTo(new FleetReport.Summary(2, 2, 0, 0, 0));
        assertThat(report.allAtHead()).isTrue();
        assertThat(report.exitCode()).isZero();
        for (String tenant : List.of("tenant_a", "tenant_b")) {
            assertThat(history(tenant)).containsExactly("1", "2", "3");
            assertThat(db.value("SELECT tenant FROM " + tenant + ".marker")).isEqualTo(tenant);
            assertThat(db.value("SELECT value FROM " + tenant + ".settings WHERE name = 'tenant'"))
                    .isEqualTo(tenant);
        }
        assertThat(db.exists("tenantx.flyway_schema_history"))
                .as("_ is escaped: tenantx is no tenant")
                .isFalse();
        assertThat(db.exists("billing.flyway_schema_history")).isFalse();
        assertThat(db.exists("public.flyway_schema_history")).isFalse();
    }

    @Test
    void anExplicitListBringsItsTenantsToHeadInParallel() {
        schemas("acme", "globex", "initech");

        FleetReport report;
        try (Migrator migrator =
                configure().tenants("globex", "acme").parallelism(2).load()) {
            report = migrator.upgradeFleet();
        }

        assertThat(report.tenants())
                .extracting(TenantResult::tenant, TenantResult::outcome)
                .containsExactly(tuple("globex", Outcome.UPGRADED), tuple("acme", Outcome.UPGRADED));
        assertThat(history("acme")).containsExactly("1", "2", "3");
        assertThat(history("globex")).containsExactly("1", "2", "3");
        assertThat(db.exists("initech.flyway_schema_history")).isFalse();
    }

    @Test
    void aQueryNamesTheTenantsFromAControlTable() {
        schemas("control", "shop_1", "shop_2", "shop_3");
        db.execute("CREATE TABLE control.tenants (name text, active boolean)");
        db.execute("INSERT INTO control.tenants VALUES ('shop_1', true), ('shop_2', false), ('shop_3', true)");

        FleetReport report;
        try (Migrator migrator = configure()
                .tenantQuery("SELECT name FROM control.tenants WHERE active ORDER BY name")
                .load()) {
            report = migrator.upgradeFleet();
        }

        assertThat(report.tenants())
                .extracting(TenantResult::tenant, TenantResult::outcome)
                .containsExactly(tuple("shop_1", Outcome.UPGRADED), tuple("shop_3", Outcome.UPGRADED));
        assertThat(history("shop_1")).containsExactly("1", "2", "3");
        assertThat(history("shop_3")).containsExactly("1", "2", "3");
        assertThat(db.exists("shop_2.flyway_schema_history")).isFalse();
    }

    @Test
    void aBrokenTenantFailsWithItsDiagnosticTheOthersReachHeadAndAReRunContinuesWithWhatIsLeft() {
        schemas("tenant_a", "tenant_b", "tenant_c");
        db.execute("CREATE TABLE tenant_b.accounts (id int)");

        FleetReport first;
        try (Migrator migrator = configure().tenantSchemas("tenant\\_%").load()) {
            first = migrator.upgradeFleet();
        }

        assertThat(first.tenants())
                .extracting(TenantResult::tenant, TenantResult::outcome)
                .containsExactly(
                        tuple("tenant_a", Outcome.UPGRADED),
                        tuple("tenant_b", Outcome.FAILED),
                        tuple("tenant_c", Outcome.UPGRADED));
        TenantResult broken = first.tenant("tenant_b");
        assertThat(broken.error().code()).isEqualTo(DiagnosticCode.OBJECT_EXISTS);
        assertThat(broken.error().getMessage()).contains("accounts");
        assertThat(first.summary()).isEqualTo(new FleetReport.Summary(3, 2, 0, 1, 0));
        assertThat(first.exitCode()).isEqualTo(DiagnosticCode.OBJECT_EXISTS.exitCode());
        assertThat(history("tenant_a")).containsExactly("1", "2", "3");
        assertThat(history("tenant_c")).containsExactly("1", "2", "3");
        assertThat(db.exists("tenant_b.marker"))
                .as("nothing of tenant_b's upgrade committed")
                .isFalse();

        db.execute("DROP TABLE tenant_b.accounts");
        FleetReport second;
        try (Migrator migrator = configure().tenantSchemas("tenant\\_%").load()) {
            second = migrator.upgradeFleet();
        }

        assertThat(second.tenants())
                .extracting(TenantResult::tenant, TenantResult::outcome, TenantResult::fromRevision)
                .containsExactly(
                        tuple("tenant_a", Outcome.AT_HEAD, "3"),
                        tuple("tenant_b", Outcome.UPGRADED, "base"),
                        tuple("tenant_c", Outcome.AT_HEAD, "3"));
        assertThat(second.exitCode()).isZero();
        assertThat(history("tenant_b")).containsExactly("1", "2", "3");
    }

    @Test
    void aTenantLockedByAnotherSessionIsSkippedFirstAndDoneAfterTheHolderReleases() throws Exception {
        schemas("tenant_a", "tenant_b", "tenant_c");
        Future<FleetReport> fleet;
        try (Connection holder = db.connect()) {
            LockKey.hold(holder, "tenant_a");
            fleet = background.submit(() -> {
                try (Migrator migrator = configure()
                        .tenantSchemas("tenant\\_%")
                        .lockTimeout(Duration.ofSeconds(60))
                        .load()) {
                    return migrator.upgradeFleet();
                }
            });
            // One at a time, tenant_a first: tenant_b and tenant_c reach head while tenant_a's lock is held.
            Poll.until(
                    "tenant_c seeded while tenant_a is locked",
                    Duration.ofSeconds(60),
                    () -> db.exists("tenant_c.settings") && db.count("SELECT count(*) FROM tenant_c.settings") == 1);
            assertThat(db.exists("tenant_a.accounts")).isFalse();
            Thread.sleep(300); // the fleet is waiting for tenant_a's lock now
        }

        FleetReport report = fleet.get(60, TimeUnit.SECONDS);
        assertThat(report.tenants())
                .extracting(TenantResult::tenant, TenantResult::outcome)
                .containsExactly(
                        tuple("tenant_a", Outcome.UPGRADED),
                        tuple("tenant_b", Outcome.UPGRADED),
                        tuple("tenant_c", Outcome.UPGRADED));
        assertThat(report.tenant("tenant_a").lockWait()).isPositive();
        assertThat(history("tenant_a")).containsExactly("1", "2", "3");
    }

    @Test
    void aTenantWhoseLockIsNeverReleasedFailsWithLockTimeoutAndTheOthersReachHead() throws Exception {
        schemas("tenant_a", "tenant_b");
        FleetReport report;
        try (Connection holder = db.connect()) {
            LockKey.hold(holder, "tenant_b");
            try (Migrator migrator = configure()
                    .tenantSchemas("tenant\\_%")
                    .lockTimeout(Duration.ofSeconds(1))
                    .load()) {
                report = migrator.upgradeFleet();
            }
        }

        assertThat(report.tenants())
                .extracting(TenantResult::tenant, TenantResult::outcome)
                .containsExactly(tuple("tenant_a", Outcome.UPGRADED), tuple("tenant_b", Outcome.FAILED));
        assertThat(report.tenant("tenant_b").error()).isInstanceOf(LockTimeoutException.class);
        assertThat(report.tenant("tenant_b").error().facts()).containsEntry("schema", "tenant_b");
        assertThat(report.exitCode()).isEqualTo(3);
        assertThat(db.exists("tenant_b.accounts")).isFalse();
        assertThat(history("tenant_a")).containsExactly("1", "2", "3");
    }

    @Test
    void twoMigratorsOnOneFleetMigrateEveryTenantExactlyOnce() throws Exception {
        String[] tenants = {"t_1", "t_2", "t_3", "t_4", "t_5", "t_6"};
        schemas(tenants);
        dir.migration("V4__slow.sql", "SELECT pg_sleep(0.2);");

        List<Future<FleetReport>> runs =
                List.of(background.submit(() -> runFleet(2)), background.submit(() -> runFleet(2)));
        List<FleetReport> reports =
                List.of(runs.get(0).get(120, TimeUnit.SECONDS), runs.get(1).get(120, TimeUnit.SECONDS));

        for (FleetReport report : reports) {
            assertThat(report.allAtHead()).as(report.summaryLine()).isTrue();
            assertThat(report.summary().total()).isEqualTo(6);
        }
        assertThat(reports.get(0).summary().upgraded()
                        + reports.get(1).summary().upgraded())
                .as("each tenant upgraded by exactly one of the two")
                .isEqualTo(6);
        for (String tenant : tenants) {
            assertThat(db.column("SELECT version FROM " + tenant + ".flyway_schema_history "
                            + "WHERE version IS NOT NULL ORDER BY installed_rank"))
                    .as("one history row per migration in %s", tenant)
                    .containsExactly("1", "2", "3", "4");
        }
    }

    @Test
    void twoMigratorsOnOneFleetRunAtMostTheirParallelismOfUpgradesAtOnceBetweenThem() throws Exception {
        String[] tenants = {"t_1", "t_2", "t_3", "t_4", "t_5", "t_6", "t_7", "t_8"};
        schemas(tenants);
        db.execute("CREATE TABLE public.spans (tenant text PRIMARY KEY, started timestamptz, ended timestamptz)");
        dir.migration("V4__span.sql", """
                INSERT INTO public.spans VALUES ('${tenant}', clock_timestamp(), NULL);
                SELECT pg_sleep(0.4);
                UPDATE public.spans SET ended = clock_timestamp() WHERE tenant = '${tenant}';
                """);

        List<Future<FleetReport>> runs =
                List.of(background.submit(() -> runFleet(2)), background.submit(() -> runFleet(2)));
        for (Future<FleetReport> run : runs) {
            FleetReport report = run.get(120, TimeUnit.SECONDS);
            assertThat(report.allAtHead()).as(report.summaryLine()).isTrue();
        }

        assertThat(db.count("SELECT count(*) FROM public.spans WHERE ended IS NOT NULL"))
                .isEqualTo(8);
        assertThat(db.count("""
                        SELECT max((SELECT count(*) FROM public.spans b
                                     WHERE b.started <= a.started AND b.ended > a.started))
                          FROM public.spans a
                        """))
                .as("tenant upgrades running at once, across both Migrators (each with parallelism 2)")
                .isLessThanOrEqualTo(2);
        assertThat(db.count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2"))
                .as("no fleet slot left held")
                .isZero();
    }

    @Test
    void aTenantAddedWhileAnotherInstanceRunsIsUpgradedByTheNextInstanceAndEveryMigrationRunsOnce() throws Exception {
        schemas("t_1", "t_2");
        db.execute("CREATE TABLE public.effects (tenant text)");
        dir.migration("V4__effect.sql", """
                DO $$ BEGIN IF '${tenant}' = 't_1' THEN PERFORM pg_sleep(3); END IF; END $$;
                INSERT INTO public.effects VALUES ('${tenant}');
                """);

        Future<FleetReport> a = background.submit(() -> runFleet(1));
        Poll.until(
                "instance A sleeping in t_1's V4",
                Duration.ofSeconds(60),
                () -> db.count("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(3)%' "
                                + "AND pid <> pg_backend_pid()")
                        == 1);
        schemas("t_3");
        FleetReport b = runFleet(1);
        FleetReport aReport = a.get(120, TimeUnit.SECONDS);

        assertThat(aReport.tenants()).extracting(TenantResult::tenant).containsExactly("t_1", "t_2");
        assertThat(aReport.tenant("t_1").outcome()).isEqualTo(Outcome.UPGRADED);
        assertThat(b.tenants()).extracting(TenantResult::tenant).containsExactly("t_1", "t_2", "t_3");
        assertThat(b.tenant("t_1").outcome())
                .as("B came back to t_1 after A released it and found it at head")
                .isEqualTo(Outcome.AT_HEAD);
        assertThat(b.tenant("t_3").outcome()).isEqualTo(Outcome.UPGRADED);
        assertThat(aReport.allAtHead()).isTrue();
        assertThat(b.allAtHead()).isTrue();
        for (String tenant : List.of("t_1", "t_2", "t_3")) {
            assertThat(db.column("SELECT version FROM " + tenant + ".flyway_schema_history "
                            + "WHERE version IS NOT NULL ORDER BY installed_rank"))
                    .as("one history row per migration in %s", tenant)
                    .containsExactly("1", "2", "3", "4");
        }
        assertThat(db.column("SELECT tenant FROM public.effects ORDER BY tenant"))
                .as("V4 ran once in each tenant")
                .containsExactly("t_1", "t_2", "t_3");

        FleetReport again = runFleet(1);
        assertThat(again.tenants())
                .extracting(TenantResult::tenant, TenantResult::outcome)
                .containsExactly(
                        tuple("t_1", Outcome.AT_HEAD), tuple("t_2", Outcome.AT_HEAD), tuple("t_3", Outcome.AT_HEAD));
    }

    @Test
    void twoTenantSourcesInOnePropertiesSetOrEnvironmentAreRefusedNamingBoth() {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("tenant-schemas", "tenant\\_%");
        properties.setProperty("tenants", "acme");
        assertThatThrownBy(() -> configure().properties(properties))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.code()).isEqualTo(DiagnosticCode.CONFIG_INVALID);
                    assertThat(e.getMessage()).contains("tenant-schemas", "tenants");
                });
        assertThatThrownBy(() -> configure()
                        .environment(java.util.Map.of(
                                "MIGRATOR_TENANT_DATABASES", "t%", "MIGRATOR_TENANT_QUERY", "SELECT 'a'")))
                .isInstanceOfSatisfying(
                        ConfigurationException.class,
                        e -> assertThat(e.getMessage()).contains("MIGRATOR_TENANT_DATABASES", "MIGRATOR_TENANT_QUERY"));

        java.util.Properties one = new java.util.Properties();
        one.setProperty("tenant-schemas", "tenant\\_%");
        MigratorConfig config = configure()
                .properties(one)
                .environment(java.util.Map.of("MIGRATOR_TENANTS", "acme"))
                .build();
        assertThat(config.tenants())
                .as("a higher source replaces a lower one's")
                .containsExactly("acme");
        assertThat(config.tenantSchemas()).isNull();
    }

    private FleetReport runFleet(int parallelism) {
        try (Migrator migrator = configure()
                .tenantSchemas("t\\_%")
                .parallelism(parallelism)
                .lockTimeout(Duration.ofSeconds(60))
                .load()) {
            return migrator.upgradeFleet();
        }
    }

    @Test
    void aTenantNameThatIsNoPlainIdentifierIsRefusedAtLoad() {
        assertThatThrownBy(
                        () -> configure().tenants("acme", "x; DROP SCHEMA acme").load())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.code()).isEqualTo(DiagnosticCode.CONFIG_INVALID);
                    assertThat(e.facts()).containsEntry("setting", "tenants");
                });
        assertThatThrownBy(() -> configure().tenantSchemas("t%").parallelism(0).load())
                .isInstanceOfSatisfying(
                        ConfigurationException.class, e -> assertThat(e.facts()).containsEntry("setting", "parallel"));
    }

    @Test
    void aQueriedTenantThatIsNoPlainIdentifierFailsAloneWithoutTouchingTheDatabase() {
        schemas("shop_1", "\"Shop-2\"");

        FleetReport report;
        try (Migrator migrator = configure()
                .tenantQuery(
                        "SELECT nspname FROM pg_namespace WHERE nspname IN ('shop_1', 'Shop-2') ORDER BY nspname COLLATE \"C\"")
                .load()) {
            report = migrator.upgradeFleet();
        }

        assertThat(report.tenants())
                .extracting(TenantResult::tenant, TenantResult::outcome)
                .containsExactly(tuple("Shop-2", Outcome.FAILED), tuple("shop_1", Outcome.UPGRADED));
        assertThat(report.tenant("Shop-2").error().code()).isEqualTo(DiagnosticCode.CONFIG_INVALID);
        assertThat(db.exists("\"Shop-2\".flyway_schema_history")).isFalse();
    }

    @Test
    void aFleetUpgradeWithoutATenantSourceIsRefused() {
        try (Migrator migrator = configure().load()) {
            assertThatThrownBy(migrator::upgradeFleet)
                    .isInstanceOfSatisfying(
                            ConfigurationException.class,
                            e -> assertThat(e.remedy()).contains("tenantSchemas(..)", "tenantDatabases(..)"));
        }
    }
}
