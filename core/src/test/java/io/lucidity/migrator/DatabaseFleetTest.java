package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.lucidity.migrator.FleetReport.Outcome;
import io.lucidity.migrator.FleetReport.TenantResult;
import io.lucidity.migrator.support.TestDb;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fleets of database tenants on a real server: every database LIKE the pattern is upgraded in the configured schema of
 * its own database, with its name as {@code ${tenant}}; a refused database leaves the others alone and a re-run
 * continues; a Migrator on a DataSource is refused.
 */
class DatabaseFleetTest {
    private final TestDb db = new TestDb();
    private final MigrationFiles dir = new MigrationFiles();
    /** A prefix of this test's databases, so that no other database of the shared server matches. */
    private final String prefix =
            "dft" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);

    private final List<String> created = new ArrayList<>();

    @BeforeEach
    void twoMigrationsAndASeed() {
        dir.migration("V1__accounts.sql", "CREATE TABLE accounts (id int PRIMARY KEY, owner text);")
                .migration("V2__tenant_marker.sql", "CREATE TABLE marker AS SELECT '${tenant}'::text AS tenant;")
                .migration("V3__settings.sql", "CREATE TABLE settings (name text PRIMARY KEY, value text);")
                .seed("01_settings.json", """
                        {"table": "settings", "key": ["name"], "rows": [{"name": "tenant", "value": "${env:tenant}"}]}
                        """);
    }

    @AfterEach
    void cleanUp() {
        for (String name : created) {
            db.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
        db.close();
        dir.close();
    }

    private String database(String suffix) {
        String name = prefix + suffix;
        db.execute("CREATE DATABASE " + name);
        created.add(name);
        return name;
    }

    private MigratorConfig.Builder configure() {
        return db.configure(dir).extensions("none").schema("app");
    }

    private String pattern() {
        return prefix + "\\_%";
    }

    private Connection connect(String name) throws SQLException {
        String url = db.url().substring(0, db.url().lastIndexOf('/') + 1) + name;
        return DriverManager.getConnection(url, db.user(), db.password());
    }

    private void execute(String name, String sql) {
        try (Connection c = connect(name);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " in " + name, e);
        }
    }

    /** The first column of {@code sql}'s rows in the database {@code name}. */
    private List<String> column(String name, String sql) {
        try (Connection c = connect(name);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " in " + name, e);
        }
    }

    private List<String> history(String name) {
        return column(
                name,
                "SELECT version FROM app.flyway_schema_history WHERE success AND version IS NOT NULL "
                        + "ORDER BY installed_rank");
    }

    @Test
    void databasesLikeAPatternReachHeadEachInTheConfiguredSchemaOfItsOwnDatabase() {
        String a = database("_a");
        String b = database("_b");
        String other = database("x");
        String closed = database("_closed");
        db.execute("ALTER DATABASE " + closed + " ALLOW_CONNECTIONS false");

        FleetReport report;
        try (Migrator migrator = configure().tenantDatabases(pattern()).load()) {
            assertThat(migrator.tenants()).containsExactly(a, b);
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
                        tuple(a, Outcome.UPGRADED, "base", "3", 3, 1), tuple(b, Outcome.UPGRADED, "base", "3", 3, 1));
        for (String tenant : List.of(a, b)) {
            assertThat(history(tenant)).containsExactly("1", "2", "3");
            assertThat(column(tenant, "SELECT tenant FROM app.marker")).containsExactly(tenant);
            assertThat(column(tenant, "SELECT value FROM app.settings WHERE name = 'tenant'"))
                    .containsExactly(tenant);
        }
        assertThat(column(other, "SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname = 'app'"))
                .as("_ is escaped: %s is no tenant", other)
                .containsExactly("0");
        assertThat(db.exists("app.flyway_schema_history"))
                .as("the database the URL names lists the tenants and is none of them")
                .isFalse();

        try (Migrator migrator = configure().tenantDatabases(pattern()).load();
                Migrator tenant = migrator.forTenant(b)) {
            assertThat(tenant.current()).isEqualTo("3");
            assertThat(migrator.upgradeFleet().tenants())
                    .extracting(TenantResult::tenant, TenantResult::outcome)
                    .containsExactly(tuple(a, Outcome.AT_HEAD), tuple(b, Outcome.AT_HEAD));
        }
    }

    @Test
    void aRefusedDatabaseLeavesTheOthersAloneAndAReRunContinuesWithWhatIsLeft() {
        String a = database("_a");
        String b = database("_b");
        String c = database("_c");
        execute(b, "CREATE SCHEMA app; CREATE TABLE app.accounts (id int)");

        FleetReport first;
        try (Migrator migrator = configure().tenantDatabases(pattern()).load()) {
            first = migrator.upgradeFleet();
        }

        assertThat(first.tenants())
                .extracting(TenantResult::tenant, TenantResult::outcome)
                .containsExactly(tuple(a, Outcome.UPGRADED), tuple(b, Outcome.FAILED), tuple(c, Outcome.UPGRADED));
        assertThat(first.tenant(b).error().code()).isEqualTo(DiagnosticCode.OBJECT_EXISTS);
        assertThat(first.exitCode()).isEqualTo(DiagnosticCode.OBJECT_EXISTS.exitCode());
        assertThat(history(a)).containsExactly("1", "2", "3");
        assertThat(history(c)).containsExactly("1", "2", "3");

        execute(b, "DROP TABLE app.accounts");
        FleetReport second;
        try (Migrator migrator = configure().tenantDatabases(pattern()).load()) {
            second = migrator.upgradeFleet();
        }

        assertThat(second.tenants())
                .extracting(TenantResult::tenant, TenantResult::outcome, TenantResult::fromRevision)
                .containsExactly(
                        tuple(a, Outcome.AT_HEAD, "3"),
                        tuple(b, Outcome.UPGRADED, "base"),
                        tuple(c, Outcome.AT_HEAD, "3"));
        assertThat(second.exitCode()).isZero();
        assertThat(history(b)).containsExactly("1", "2", "3");
    }

    @Test
    void databaseTenantsOnADataSourceAreRefusedAtLoadNamingTheUrlSetting() {
        assertThatThrownBy(() -> TestDb.extensions(Migrator.configure()
                                .dataSource(db.dataSource())
                                .locations(dir.locations())
                                .tenantDatabases(pattern()))
                        .load())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.code()).isEqualTo(DiagnosticCode.CONFIG_INVALID);
                    assertThat(e.facts()).containsEntry("setting", "tenant-databases");
                    assertThat(e.remedy()).contains("url(..)");
                });
    }
}
