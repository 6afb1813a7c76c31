package io.lucidity.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lucidity.migrator.cli.support.Cli;
import io.lucidity.migrator.cli.support.Run;
import io.lucidity.migrator.cli.support.TestDatabase;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The commands other than {@code upgrade} over a fleet ({@code --tenant-schemas}, {@code --tenants},
 * {@code MIGRATOR_TENANT_SCHEMAS}, {@code tenant-schemas=} in migrator.properties): one line per tenant and a summary,
 * or one JSON document; a tenant's refusal is reported with its diagnostic and its exit code, the others as they are.
 */
class FleetCommandsIT {
    private final TestDatabase db = new TestDatabase();
    private final MigrationFiles files = new MigrationFiles()
            .migration("V1__jobs.sql", "CREATE TABLE jobs (id int PRIMARY KEY, state text NOT NULL);")
            .migration("V2__marker.sql", "CREATE TABLE marker AS SELECT '${tenant}'::text AS tenant;");
    private final Cli cli = db.cli().env(files.env()).env("MIGRATOR_EXTENSIONS", "none");

    /** Databases a test created on the shared server, dropped after it. */
    private final List<String> databases = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        databases.forEach(name -> db.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
        db.close();
        files.close();
    }

    private void schemas(String... names) {
        for (String name : names) {
            db.execute("CREATE SCHEMA " + name);
        }
    }

    private List<String> history(String tenant) {
        return db.column("SELECT version FROM " + tenant
                + ".flyway_schema_history WHERE version IS NOT NULL AND success ORDER BY installed_rank");
    }

    private String database(String name) {
        db.execute("CREATE DATABASE " + name);
        databases.add(name);
        return name;
    }

    /** The first column of {@code sql}'s rows in the database {@code name} of the test's server. */
    private List<String> column(String name, String sql) {
        String url = db.url().substring(0, db.url().lastIndexOf('/') + 1) + name;
        try (Connection c = DriverManager.getConnection(url, db.user(), db.password());
                Statement s = c.createStatement()) {
            List<String> values = new ArrayList<>();
            if (s.execute(sql)) {
                try (ResultSet rs = s.getResultSet()) {
                    while (rs.next()) {
                        values.add(rs.getString(1));
                    }
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " in " + name, e);
        }
    }

    private static List<String> field(JsonNode tenants, String name) {
        List<String> values = new ArrayList<>();
        tenants.forEach(
                t -> values.add(t.get(name).isNull() ? null : t.get(name).asText()));
        return values;
    }

    /** tenant_a at head, tenant_b empty, tenant_c at revision 1; billing is no tenant. */
    private void fleetAtThreeRevisions() {
        schemas("tenant_a", "tenant_b", "tenant_c", "billing");
        cli.run("upgrade", "--tenants", "tenant_a").ok();
        cli.run("upgrade", "--schema", "tenant_c", "--target", "1").ok();
    }

    @Test
    void statusPrintsOneLinePerTenantAndASummaryAndItsJsonHoldsEachTenantsStatus() {
        fleetAtThreeRevisions();

        Run text = cli.run("status", "--tenant-schemas", "tenant\\_%", "--parallel", "2")
                .ok();

        assertThat(text.lines())
                .anySatisfy(l -> assertThat(l).startsWith("tenant_a: AT_HEAD at revision 2 (head 2): clean"))
                .anySatisfy(l -> assertThat(l).startsWith("tenant_b: BEHIND at revision base (head 2)"))
                .anySatisfy(l -> assertThat(l).startsWith("tenant_c: BEHIND at revision 1 (head 2)"))
                .noneSatisfy(l -> assertThat(l).contains("billing"));
        assertThat(text.stdout())
                .containsPattern("Fleet of 3 tenant\\(s\\): 1 at head, 2 behind, 0 problem, 0 failed in \\d+ ms\\.");

        JsonNode json = cli.run("status", "--tenant-schemas", "tenant\\_%", "--json")
                .ok()
                .json();
        JsonNode tenants = json.get("tenants");
        assertThat(field(tenants, "tenant")).containsExactly("tenant_a", "tenant_b", "tenant_c");
        assertThat(field(tenants, "outcome")).containsExactly("AT_HEAD", "BEHIND", "BEHIND");
        assertThat(field(tenants, "revision")).containsExactly("2", "base", "1");
        assertThat(field(tenants, "schema")).containsExactly("tenant_a", "tenant_b", "tenant_c");
        assertThat(tenants.get(1).get("pending")).hasSize(2);
        assertThat(tenants.get(2).get("pending")).hasSize(1);
        assertThat(field(tenants, "error")).containsOnlyNulls();
        JsonNode summary = json.get("summary");
        assertThat(summary.get("total").asInt()).isEqualTo(3);
        assertThat(summary.get("atHead").asInt()).isEqualTo(1);
        assertThat(summary.get("behind").asInt()).isEqualTo(2);
        assertThat(summary.get("problem").asInt()).isZero();
        assertThat(summary.get("failed").asInt()).isZero();
    }

    @Test
    void currentHistoryAndPlanReportEachTenant() {
        fleetAtThreeRevisions();

        List<String> lines = cli.run("current", "--tenants", "tenant_c,tenant_a,tenant_b")
                .ok()
                .lines();
        assertThat(lines).hasSize(4).startsWith("tenant_c: 1", "tenant_a: 2", "tenant_b: base");
        assertThat(lines.get(3)).startsWith("Fleet of 3 tenant(s): 3 ok, 0 failed in ");
        JsonNode current = cli.run("current", "--tenants", "tenant_a,tenant_c", "--verbose", "--json")
                .ok()
                .json();
        assertThat(field(current.get("tenants"), "revision")).containsExactly("2", "1");
        assertThat(current.get("tenants").get(1).get("state").get(0).asText()).isEqualTo("behind code (1 pending)");

        JsonNode history = cli.run("history", "--tenant-schemas", "tenant\\_%", "--json")
                .ok()
                .json();
        assertThat(field(history.get("tenants"), "outcome")).containsExactly("AT_HEAD", "BEHIND", "BEHIND");
        assertThat(history.get("tenants").get(2).get("migrations")).hasSize(2);
        assertThat(history.get("tenants")
                        .get(2)
                        .get("migrations")
                        .get(1)
                        .get("state")
                        .asText())
                .isEqualTo("PENDING");

        Run plan = cli.run("plan", "--tenant-schemas", "tenant\\_%").ok();
        assertThat(plan.stdout())
                .contains(
                        "tenant_a: AT_HEAD at revision 2",
                        "tenant_c: PENDING from 1 to 2, ",
                        "SELECT 'tenant_c'::text AS tenant",
                        "SELECT 'tenant_b'::text AS tenant",
                        "Fleet of 3 tenant(s): 1 at head, 2 pending, 0 failed");
        JsonNode planJson =
                cli.run("plan", "--tenants", "tenant_b", "--json").ok().json();
        JsonNode b = planJson.get("tenants").get(0);
        assertThat(b.get("outcome").asText()).isEqualTo("PENDING");
        assertThat(b.get("fromRevision").asText()).isEqualTo("base");
        assertThat(b.get("toRevision").asText()).isEqualTo("2");
        assertThat(b.get("steps").toString()).contains("CREATE TABLE jobs");
        assertThat(db.exists("tenant_b.flyway_schema_history"))
                .as("plan changes nothing")
                .isFalse();
    }

    @Test
    void validateExitsWithTheCodeOfATenantsChecksumMismatchAndRepairOverTheFleetRealignsIt() {
        schemas("shop_1", "shop_2", "shop_3");
        cli.run("upgrade", "--tenant-schemas", "shop\\_%").ok();
        db.execute("UPDATE shop_2.flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");

        Run text = cli.run("validate", "--tenant-schemas", "shop\\_%").exits(4);
        assertThat(text.stdout())
                .contains(
                        "shop_1: VALID, pending: none",
                        "shop_2: FAILED MIGRATOR-CHECKSUM: ",
                        "shop_3: VALID, pending: none",
                        "Fleet of 3 tenant(s): 2 valid, 1 failed");
        assertThat(text.stderr()).contains("shop_2: ", "migrator repair");

        JsonNode json = cli.run("validate", "--tenant-schemas", "shop\\_%", "--parallel", "3", "--json")
                .exits(4)
                .json();
        JsonNode tenants = json.get("tenants");
        assertThat(field(tenants, "outcome")).containsExactly("VALID", "FAILED", "VALID");
        assertThat(tenants.get(0).get("valid").asBoolean()).isTrue();
        assertThat(tenants.get(0).get("error").isNull()).isTrue();
        JsonNode error = tenants.get(1).get("error");
        assertThat(error.get("code").asText()).isEqualTo("MIGRATOR-CHECKSUM");
        assertThat(error.get("exitCode").asInt()).isEqualTo(4);
        assertThat(error.get("remedy").asText()).isNotBlank();
        assertThat(json.get("summary").get("valid").asInt()).isEqualTo(2);
        assertThat(json.get("summary").get("failed").asInt()).isEqualTo(1);

        Run refused = cli.run("repair", "--tenant-schemas", "shop\\_%").exits(2);
        assertThat(refused.stderr()).contains("--yes");

        JsonNode repaired = cli.run("repair", "--yes", "--tenant-schemas", "shop\\_%", "--json")
                .ok()
                .json();
        assertThat(field(repaired.get("tenants"), "outcome")).containsExactly("UNCHANGED", "REPAIRED", "UNCHANGED");
        assertThat(repaired.get("tenants").get(1).get("realigned").get(0).asText())
                .isEqualTo("1");
        assertThat(repaired.get("summary").get("repaired").asInt()).isEqualTo(1);
        assertThat(repaired.get("summary").get("unchanged").asInt()).isEqualTo(2);

        assertThat(cli.run("validate", "--tenant-schemas", "shop\\_%").ok().stdout())
                .contains("Fleet of 3 tenant(s): 3 valid, 0 failed");
    }

    @Test
    void checkExitsSixWhenOneTenantIsNotDrainedAndNamesIt() {
        schemas("tenant_a", "tenant_b");
        cli.run("upgrade", "--tenant-schemas", "tenant\\_%").ok();
        db.execute("INSERT INTO tenant_b.jobs VALUES (1, 'running')");
        db.execute("INSERT INTO tenant_a.jobs VALUES (1, 'done')");
        Cli checked = cli.env("MIGRATOR_CHECK_DRAINED_SQL", "SELECT count(*) FROM jobs WHERE state <> 'done'");

        Run text = checked.run("check", "--tenant-schemas", "tenant\\_%").exits(6);
        assertThat(text.stdout())
                .contains(
                        "tenant_a: READY: no check blocks",
                        "tenant_b: BLOCKED by drained (returned 1 (must be 0 or no rows)",
                        "Fleet of 2 tenant(s): 1 ready, 1 blocked, 0 failed");

        JsonNode json = checked.run("check", "--tenant-schemas", "tenant\\_%", "--json")
                .exits(6)
                .json();
        assertThat(field(json.get("tenants"), "outcome")).containsExactly("READY", "BLOCKED");
        assertThat(json.get("tenants").get(1).get("blocked").asBoolean()).isTrue();
        assertThat(json.get("tenants").get(1).get("results").toString()).contains("drained", "BLOCK");
        assertThat(json.get("summary").get("blocked").asInt()).isEqualTo(1);

        db.execute("UPDATE tenant_b.jobs SET state = 'done'");
        assertThat(checked.run("check", "--tenant-schemas", "tenant\\_%").ok().stdout())
                .contains("Fleet of 2 tenant(s): 2 ready, 0 blocked, 0 failed");
    }

    @Test
    void stampRecordsEveryTenantAtTheRevisionWithoutRunningIt() {
        schemas("shop_1", "shop_2");
        db.execute("CREATE TABLE shop_1.jobs (id int PRIMARY KEY, state text NOT NULL)");
        db.execute("CREATE TABLE shop_2.jobs (id int PRIMARY KEY, state text NOT NULL)");

        Run text = cli.run("stamp", "1", "--tenants", "shop_1,shop_2").ok();
        assertThat(text.stdout())
                .contains(
                        "shop_1: STAMPED base -> 1 (recorded as applied: 1; removed: none)",
                        "shop_2: STAMPED base -> 1",
                        "Fleet of 2 tenant(s): 2 stamped, 0 failed");
        assertThat(history("shop_1")).containsExactly("1");
        assertThat(history("shop_2")).containsExactly("1");

        JsonNode json = cli.run("stamp", "2", "--tenants", "shop_1,shop_2", "--json")
                .ok()
                .json();
        assertThat(field(json.get("tenants"), "before")).containsExactly("1", "1");
        assertThat(field(json.get("tenants"), "after")).containsExactly("2", "2");
        assertThat(json.get("summary").get("stamped").asInt()).isEqualTo(2);
        assertThat(history("shop_2")).containsExactly("1", "2");
        assertThat(db.exists("shop_2.marker")).as("stamp runs no migration").isFalse();
    }

    @Test
    void aTenantSourceFromMigratorTenantSchemasOrMigratorPropertiesMakesEveryCommandRunPerTenant() {
        schemas("tenant_a", "tenant_b", "other");

        Run fromEnv = cli.env("MIGRATOR_TENANT_SCHEMAS", "tenant\\_%")
                .env("MIGRATOR_PARALLEL", "2")
                .run("upgrade");
        fromEnv.ok();
        assertThat(fromEnv.stdout()).contains("tenant_a: UPGRADED", "tenant_b: UPGRADED", "Fleet of 2 tenant(s)");
        assertThat(db.value("SELECT tenant FROM tenant_b.marker")).isEqualTo("tenant_b");
        assertThat(db.exists("other.flyway_schema_history")).isFalse();

        Cli fromFile = db.cli().env(files.env()).env("MIGRATOR_EXTENSIONS", "none");
        fromFile.localProperties("tenant-schemas=tenant\\\\_%\nparallel=2\n");
        assertThat(fromFile.run("config").ok().stdout()).containsPattern("tenant-schemas\\s+tenant\\\\_%");
        assertThat(fromFile.run("current").ok().lines()).startsWith("tenant_a: 2", "tenant_b: 2");
        assertThat(fromFile.run("status").ok().stdout())
                .contains("Fleet of 2 tenant(s): 2 at head, 0 behind, 0 problem, 0 failed");
        List<String> lines =
                fromFile.run("current", "--tenants", "tenant_b").ok().lines();
        assertThat(lines)
                .as("the command line wins over the file")
                .hasSize(2)
                .first()
                .isEqualTo("tenant_b: 2");
        assertThat(lines.get(1)).startsWith("Fleet of 1 tenant(s): 1 ok, 0 failed");
    }

    @Test
    void seedAndDowngradeRunOnEveryTenantAndHistorySummarisesEach() {
        files.migration("U2__marker.sql", "DROP TABLE marker;").seed("01_jobs.json", """
                        {"table": "jobs", "key": ["id"], "rows": [{"id": 1, "state": "${env:tenant}"}]}
                        """);
        schemas("shop_1", "shop_2");
        cli.run("upgrade", "--tenant-schemas", "shop\\_%").ok();
        db.execute("DELETE FROM shop_1.jobs");

        Run seed = cli.run("seed", "--tenant-schemas", "shop\\_%", "--parallel", "2")
                .ok();
        assertThat(seed.stdout())
                .contains(
                        "shop_1: SEEDED 1 seed(s), 1 row(s)",
                        "shop_2: SEEDED 1 seed(s), 0 row(s)",
                        "Fleet of 2 tenant(s): 2 seeded, 0 failed");
        assertThat(db.value("SELECT state FROM shop_1.jobs")).isEqualTo("shop_1");

        JsonNode down = cli.run("downgrade", "1", "--tenants", "shop_1,shop_2", "--json")
                .ok()
                .json();
        assertThat(field(down.get("tenants"), "outcome")).containsExactly("DOWNGRADED", "DOWNGRADED");
        assertThat(field(down.get("tenants"), "fromRevision")).containsExactly("2", "2");
        assertThat(field(down.get("tenants"), "toRevision")).containsExactly("1", "1");
        assertThat(db.exists("shop_2.marker")).isFalse();

        assertThat(cli.run("history", "--tenant-schemas", "shop\\_%").ok().stdout())
                .contains(
                        "shop_1: BEHIND: 1 applied, 1 pending, 0 problem(s)",
                        "shop_2: BEHIND: 1 applied, 1 pending, 0 problem(s)",
                        "Fleet of 2 tenant(s): 0 at head, 2 behind, 0 problem, 0 failed");
    }

    @Test
    void tenantDatabasesRunEveryCommandInTheConfiguredSchemaOfEachDatabase() {
        String prefix = "cfi" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        String one = database(prefix + "_1");
        String two = database(prefix + "_2");
        String pattern = prefix + "\\_%";
        Cli fleet = cli.env("MIGRATOR_SCHEMA", "app");

        Run upgrade = fleet.run("upgrade", "--tenant-databases", pattern, "--parallel", "2")
                .ok();
        assertThat(upgrade.stdout())
                .contains(one + ": UPGRADED from base to 2", two + ": UPGRADED from base to 2", "Fleet of 2 tenant(s)");
        assertThat(column(two, "SELECT tenant FROM app.marker")).containsExactly(two);
        assertThat(db.exists("app.flyway_schema_history"))
                .as("the connected database is no tenant")
                .isFalse();

        JsonNode status = fleet.run("status", "--tenant-databases", pattern, "--json")
                .ok()
                .json();
        assertThat(field(status.get("tenants"), "tenant")).containsExactly(one, two);
        assertThat(field(status.get("tenants"), "outcome")).containsExactly("AT_HEAD", "AT_HEAD");
        assertThat(field(status.get("tenants"), "database")).containsExactly(one, two);
        assertThat(field(status.get("tenants"), "schema")).containsExactly("app", "app");

        column(two, "UPDATE app.flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
        JsonNode validate = fleet.run("validate", "--tenant-databases", pattern, "--json")
                .exits(4)
                .json();
        assertThat(field(validate.get("tenants"), "outcome")).containsExactly("VALID", "FAILED");
        assertThat(validate.get("tenants").get(1).get("error").get("code").asText())
                .isEqualTo("MIGRATOR-CHECKSUM");

        assertThat(fleet.run("repair", "--yes", "--tenant-databases", pattern)
                        .ok()
                        .stdout())
                .contains(one + ": UNCHANGED", two + ": REPAIRED", "Fleet of 2 tenant(s): 1 repaired, 1 unchanged");
        assertThat(fleet.run("current", "--tenant-databases", pattern).ok().lines())
                .startsWith(one + ": 2", two + ": 2");
    }

    @Test
    void twoTenantSourcesAtOneLevelOrParallelWithoutOneOrATenantOptionOnBackupAreUsageErrors() {
        Run env = cli.env("MIGRATOR_TENANTS", "a")
                .env("MIGRATOR_TENANT_QUERY", "SELECT 'a'")
                .run("status");
        env.exits(2);
        assertThat(env.stderr()).contains("MIGRATOR-CONFIG", "MIGRATOR_TENANT_QUERY", "MIGRATOR_TENANTS");

        Cli file = db.cli().env(files.env());
        file.localProperties("tenants=a\ntenant-schemas=t%\n");
        assertThat(file.run("validate").exits(2).stderr()).contains("MIGRATOR-CONFIG", "tenant-schemas", "tenants");

        Run json = db.cli()
                .env(files.env())
                .run("check", "--tenant-query", "SELECT 'a'", "--tenant-databases", "t%", "--json")
                .exits(2);
        assertThat(json.json().get("error").get("code").asText()).isEqualTo("MIGRATOR-USAGE");

        assertThat(db.cli()
                        .env(files.env())
                        .run("status", "--parallel", "2")
                        .exits(2)
                        .stderr())
                .contains("--parallel is for a fleet");
        assertThat(db.cli()
                        .env(files.env())
                        .run("backup", "x.dump", "--tenants", "a")
                        .exits(2)
                        .stderr())
                .contains("'backup' does not take a tenant option");
    }
}
