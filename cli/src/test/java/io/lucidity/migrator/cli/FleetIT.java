package io.lucidity.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lucidity.migrator.cli.support.Cli;
import io.lucidity.migrator.cli.support.Run;
import io.lucidity.migrator.cli.support.TestDatabase;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code migrator upgrade} with a tenant option: one line per tenant and a summary (or one JSON document), exit 0 when
 * every tenant is at head, else the highest exit code of the tenants' refusals; three processes started together on one
 * fleet migrate every tenant exactly once.
 */
class FleetIT {
    private final TestDatabase db = new TestDatabase();
    private final MigrationFiles files = new MigrationFiles()
            .migration("V1__accounts.sql", "CREATE TABLE accounts (id int PRIMARY KEY);")
            .migration("V2__marker.sql", "CREATE TABLE marker AS SELECT '${tenant}'::text AS tenant;");
    private final Cli cli = db.cli().env(files.env()).env("MIGRATOR_EXTENSIONS", "none");

    @AfterEach
    void cleanUp() {
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
                + ".flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank");
    }

    @Test
    void tenantSchemasPrintsOneLinePerTenantAndASummaryAndExitsZero() {
        schemas("tenant_a", "tenant_b", "billing");

        Run run = cli.run("upgrade", "--tenant-schemas", "tenant\\_%").ok();

        assertThat(run.stdout())
                .contains(
                        "tenant_a: UPGRADED from base to 2 (2 migration(s), 0 seed(s))",
                        "tenant_b: UPGRADED from base to 2 (2 migration(s), 0 seed(s))",
                        "Fleet of 2 tenant(s): 2 upgraded, 0 at head, 0 failed, 0 skipped");
        assertThat(run.stderr())
                .as("each progress line names its tenant: tenants progress in parallel")
                .contains("tenant_a: migration V1 ", "tenant_b: migration V2 ");
        assertThat(history("tenant_a")).containsExactly("1", "2");
        assertThat(db.value("SELECT tenant FROM tenant_b.marker")).isEqualTo("tenant_b");
        assertThat(db.exists("billing.flyway_schema_history")).isFalse();

        assertThat(cli.run("upgrade", "--tenants", "tenant_a,tenant_b").ok().stdout())
                .contains("tenant_a: AT_HEAD at revision 2", "Fleet of 2 tenant(s): 0 upgraded, 2 at head");
    }

    @Test
    void jsonReportsABrokenTenantWithItsDiagnosticAndExitsWithItsCode() {
        schemas("control", "shop_1", "shop_2", "shop_3");
        db.execute("CREATE TABLE control.tenants (name text)");
        db.execute("INSERT INTO control.tenants VALUES ('shop_1'), ('shop_2'), ('shop_3')");
        db.execute("CREATE TABLE shop_2.accounts (id int)");

        Run run = cli.run(
                        "upgrade",
                        "--tenant-query",
                        "SELECT name FROM control.tenants ORDER BY name",
                        "--parallel",
                        "2",
                        "--json")
                .exits(4);

        JsonNode json = run.json();
        assertThat(json.get("tenants")).hasSize(3);
        JsonNode shop1 = json.get("tenants").get(0);
        assertThat(shop1.get("tenant").asText()).isEqualTo("shop_1");
        assertThat(shop1.get("outcome").asText()).isEqualTo("UPGRADED");
        assertThat(shop1.get("fromRevision").asText()).isEqualTo("base");
        assertThat(shop1.get("toRevision").asText()).isEqualTo("2");
        assertThat(shop1.get("error").isNull()).isTrue();
        JsonNode shop2 = json.get("tenants").get(1);
        assertThat(shop2.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(shop2.get("error").get("code").asText()).isEqualTo("MIGRATOR-EXISTS");
        assertThat(shop2.get("error").get("exitCode").asInt()).isEqualTo(4);
        assertThat(shop2.get("error").get("message").asText()).contains("accounts");
        JsonNode summary = json.get("summary");
        assertThat(summary.get("total").asInt()).isEqualTo(3);
        assertThat(summary.get("upgraded").asInt()).isEqualTo(2);
        assertThat(summary.get("atHead").asInt()).isZero();
        assertThat(summary.get("failed").asInt()).isEqualTo(1);
        assertThat(summary.get("skipped").asInt()).isZero();
        assertThat(history("shop_3")).containsExactly("1", "2");

        db.execute("DROP TABLE shop_2.accounts");
        JsonNode again = cli.run("upgrade", "--tenant-query", "SELECT name FROM control.tenants", "--json")
                .ok()
                .json();
        assertThat(again.get("summary").get("atHead").asInt()).isEqualTo(2);
        assertThat(again.get("summary").get("upgraded").asInt()).isEqualTo(1);
        assertThat(history("shop_2")).containsExactly("1", "2");
    }

    @Test
    void threeProcessesStartedTogetherOnOneFleetMigrateEveryTenantExactlyOnce() throws Exception {
        List<String> tenants = List.of("t_1", "t_2", "t_3", "t_4", "t_5", "t_6");
        schemas(tenants.toArray(String[]::new));
        db.execute("CREATE TABLE public.runs (tenant text NOT NULL)");
        files.migration("V3__slow.sql", "SELECT pg_sleep(0.3); INSERT INTO public.runs VALUES ('${tenant}');");

        List<Cli> clis = new ArrayList<>();
        List<Process> processes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Cli process = db.cli().env(files.env()).env("MIGRATOR_EXTENSIONS", "none");
                clis.add(process);
                processes.add(process.start("upgrade", "--tenant-schemas", "t\\_%", "--parallel", "2"));
            }
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                assertThat(processes.get(i).waitFor(120, TimeUnit.SECONDS)).isTrue();
                String out = Files.readString(clis.get(i).workingDirectory().resolve(".bg-stdout"));
                assertThat(processes.get(i).exitValue()).as(out).isZero();
                assertThat(out)
                        .as("each process reports the whole fleet at head")
                        .contains("Fleet of 6 tenant(s): ", " 0 failed, 0 skipped");
                all.append(out);
            }
            assertThat(all.toString().lines().filter(l -> l.contains(": UPGRADED")))
                    .as("each tenant upgraded by exactly one of the three: %s", all)
                    .hasSize(6)
                    .extracting(l -> l.substring(0, l.indexOf(':')))
                    .containsExactlyInAnyOrderElementsOf(tenants);
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
        for (String tenant : tenants) {
            assertThat(history(tenant)).as(tenant).containsExactly("1", "2", "3");
            assertThat(db.value("SELECT count(*) FROM public.runs WHERE tenant = '" + tenant + "'"))
                    .as("%s: V3's row written once", tenant)
                    .isEqualTo("1");
        }
    }

    @Test
    void twoTenantSourcesAtOnceAreAUsageError() {
        Run run = cli.run("upgrade", "--tenants", "a", "--tenant-schemas", "t%").exits(2);
        assertThat(run.stderr()).contains("--tenants", "--tenant-schemas");
    }
}
