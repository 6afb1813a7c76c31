package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What Migrator sends to the server, counted through a DataSource that records every statement executed on its
 * connections (one JDBC execution is one round trip: the session's hardening and the bookkeeping inspection that
 * follows it in the same round trip count once): a constant few at head, and few around the migrations when there is
 * work.
 */
class StatementCountTest {
    private final TestDb db = new TestDb();
    private final MigrationFiles dir = new MigrationFiles();

    @AfterEach
    void cleanUp() {
        db.close();
        dir.close();
    }

    @Test
    void atHeadTheUpgradeSendsThreeStatements() throws Exception {
        establish();
        List<String> sent = upgradeCounting();
        assertThat(sent).as(String.join("\n", sent)).hasSize(3);
    }

    @Test
    void oneNewMigrationOnAnEstablishedDatabaseCostsFewStatementsAroundIt() throws Exception {
        establish();
        dir.migration("V2__second.sql", "CREATE TABLE second_marker (id int);");
        List<String> sent = upgradeCounting();
        int first = indexOf(sent, "second_marker");
        assertThat(first).as(String.join("\n", sent)).isNotNegative().isLessThanOrEqualTo(10);
        assertThat(sent).as(String.join("\n", sent)).hasSizeLessThanOrEqualTo(24);
        assertThat(db.exists("second_marker")).isTrue();
    }

    @Test
    void aFleetAtHeadCostsSixStatementsOnOneConnectionWithThreeTenantsAsWithSixty() throws Exception {
        dir.migration("V1__first.sql", "CREATE TABLE first_marker (id int, tenant text DEFAULT '${tenant}');");
        dir.migration("R__view.sql", "CREATE OR REPLACE VIEW first_view AS SELECT id FROM first_marker;");
        dir.seed("01_rows.sql", "INSERT INTO first_marker (id) VALUES (1) ON CONFLICT DO NOTHING;");
        dir.seed("02_settings.json", """
                {"table": "first_marker", "key": ["id"], "rows": [{"id": 2, "tenant": "${env:tenant}"}]}
                """);
        schemas("few", 3);
        schemas("many", 60);
        for (String pattern : List.of("few\\_%", "many\\_%")) {
            try (Migrator migrator = configure(db.dataSource())
                    .tenantSchemas(pattern)
                    .parallelism(2)
                    .load()) {
                assertThat(migrator.upgradeFleet().summary().upgraded()).isPositive();
            }
        }

        Counted few = fleetCounting("few\\_%");
        Counted many = fleetCounting("many\\_%");

        assertThat(few.report().summary()).isEqualTo(new FleetReport.Summary(3, 0, 3, 0, 0));
        assertThat(many.report().summary()).isEqualTo(new FleetReport.Summary(60, 0, 60, 0, 0));
        assertThat(many.sent()).as(String.join("\n", many.sent())).hasSameSizeAs(few.sent());
        assertThat(many.connections()).isEqualTo(few.connections()).isEqualTo(1);
        // hardening, listing, JIT off for the check's transaction, catalog, the fleet summary's rows, putting the
        // DataSource's session back: no tenant's own table is read
        assertThat(few.sent()).as(String.join("\n", few.sent())).hasSize(6);
        assertThat(String.join("\n", many.sent()))
                .doesNotContain("pg_try_advisory_lock", "pg_advisory_lock", "\"many_1\"", "\"many_60\"");
    }

    @Test
    void aFleetAtHeadWhoseSummaryIsStaleCostsOneStatementMorePerHundredTenantsOnceThenNoMore() throws Exception {
        dir.migration("V1__first.sql", "CREATE TABLE first_marker (id int);");
        schemas("few", 3);
        schemas("big", 101);
        for (String pattern : List.of("few\\_%", "big\\_%")) {
            try (Migrator migrator = configure(db.dataSource())
                    .tenantSchemas(pattern)
                    .parallelism(2)
                    .load()) {
                migrator.upgradeFleet();
            }
        }

        // Stale rows (as after a change by another tool): each tenant's own tables are read, in one statement per
        // hundred tenants, and the rows are stored again.
        db.execute("UPDATE public.migrator_fleet_summary SET summarized_generation = NULL");
        Counted few = fleetCounting("few\\_%");
        Counted big = fleetCounting("big\\_%");

        assertThat(big.report().summary().atHead()).isEqualTo(101);
        assertThat(big.sent())
                .as(String.join("\n", big.sent()))
                .hasSize(few.sent().size() + 1);
        assertThat(big.connections()).isEqualTo(1);
        assertThat(String.join("\n", big.sent())).contains("\"big_1\".", "\"big_101\".");

        Counted fewAgain = fleetCounting("few\\_%");
        Counted bigAgain = fleetCounting("big\\_%");

        assertThat(bigAgain.report().summary().atHead()).isEqualTo(101);
        assertThat(bigAgain.sent()).as(String.join("\n", bigAgain.sent())).hasSize(6);
        assertThat(fewAgain.sent()).hasSize(6);
        assertThat(few.sent())
                .as(String.join("\n", few.sent()))
                .hasSize(fewAgain.sent().size() + 2);
    }

    @Test
    void aFleetWithOneTenantBehindUpgradesThatOneAloneAndChecksTheOthersTogether() throws Exception {
        dir.migration("V1__first.sql", "CREATE TABLE first_marker (id int);");
        schemas("t", 3);
        try (Migrator migrator =
                configure(db.dataSource()).tenantSchemas("t\\_%").load()) {
            migrator.upgradeFleet();
        }
        Counted atHead = fleetCounting("t\\_%");
        db.execute("CREATE SCHEMA t_4");
        db.execute("CREATE SCHEMA solo");
        int alone = upgradeAloneCounting("solo");

        Counted oneBehind = fleetCounting("t\\_%");

        assertThat(oneBehind.report().tenants())
                .extracting(FleetReport.TenantResult::tenant, FleetReport.TenantResult::outcome)
                .containsExactly(
                        tuple("t_1", FleetReport.Outcome.AT_HEAD),
                        tuple("t_2", FleetReport.Outcome.AT_HEAD),
                        tuple("t_3", FleetReport.Outcome.AT_HEAD),
                        tuple("t_4", FleetReport.Outcome.UPGRADED));
        assertThat(oneBehind.connections())
                .as(
                        "the fleet-wide check's connections, t_4's upgrade's as if alone, and one to keep the fleet summary")
                .isEqualTo(atHead.connections() + alone + 1);
        assertThat(db.exists("t_4.first_marker")).isTrue();
    }

    private void schemas(String prefix, int count) {
        for (int i = 1; i <= count; i++) {
            db.execute("CREATE SCHEMA " + prefix + "_" + i);
        }
    }

    /** What a fleet upgrade sent, on how many connections, and its report. */
    private record Counted(List<String> sent, int connections, FleetReport report) {}

    private Counted fleetCounting(String pattern) {
        List<String> sent = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger connections = new AtomicInteger();
        try (Migrator migrator = configure(recording(db.dataSource(), sent, connections))
                .tenantSchemas(pattern)
                .load()) {
            FleetReport report = migrator.upgradeFleet();
            return new Counted(List.copyOf(sent), connections.get(), report);
        }
    }

    /** The connections one schema's upgrade from empty opens. */
    private int upgradeAloneCounting(String schema) {
        AtomicInteger connections = new AtomicInteger();
        try (Migrator migrator = configure(recording(db.dataSource(), new ArrayList<>(), connections))
                .schema(schema)
                .placeholder("tenant", schema)
                .load()) {
            migrator.upgradeToHead();
        }
        return connections.get();
    }

    /** V1 and one seed applied: the database as a running application leaves it. */
    private void establish() {
        dir.migration("V1__first.sql", "CREATE TABLE first_marker (id int);");
        dir.seed("01_rows.sql", "INSERT INTO first_marker VALUES (1) ON CONFLICT DO NOTHING;");
        try (Migrator migrator = configure(db.dataSource()).load()) {
            migrator.upgradeToHead();
        }
    }

    private List<String> upgradeCounting() {
        List<String> sent = Collections.synchronizedList(new ArrayList<>());
        try (Migrator migrator = configure(recording(db.dataSource(), sent)).load()) {
            migrator.upgradeToHead();
        }
        return List.copyOf(sent);
    }

    private MigratorConfig.Builder configure(DataSource dataSource) {
        return TestDb.extensions(Migrator.configure()
                .dataSource(dataSource)
                .locations(dir.locations())
                .seedLocations(dir.seeds()));
    }

    /** The position (0-based: the number of statements before it) of the first statement containing {@code text}. */
    private static int indexOf(List<String> sent, String text) {
        for (int i = 0; i < sent.size(); i++) {
            if (sent.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code target}, recording into {@code sent} the text of every statement executed on its connections. */
    private static DataSource recording(DataSource target, List<String> sent) {
        return recording(target, sent, new AtomicInteger());
    }

    /** {@link #recording(DataSource, List)}, counting into {@code connections} the connections it hands out. */
    private static DataSource recording(DataSource target, List<String> sent, AtomicInteger connections) {
        return (DataSource) Proxy.newProxyInstance(
                StatementCountTest.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = call(target, method, args);
                    if (method.getName().equals("getConnection")) {
                        connections.incrementAndGet();
                        return wrap(Connection.class, result, null, sent);
                    }
                    return result;
                });
    }

    private static Object wrap(Class<?> type, Object delegate, String prepared, List<String> sent) {
        return Proxy.newProxyInstance(StatementCountTest.class.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            if (m.getName().startsWith("execute")) {
                sent.add(a != null && a.length > 0 && a[0] instanceof String sql ? sql : String.valueOf(prepared));
            }
            Object r = call(delegate, m, a);
            if (r instanceof PreparedStatement) {
                return wrap(PreparedStatement.class, r, (String) a[0], sent);
            }
            if (r instanceof Statement) {
                return wrap(Statement.class, r, null, sent);
            }
            return r;
        });
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
