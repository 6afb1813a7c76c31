package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lucidity.migrator.embedded.EmbeddedPostgres;
import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Histories of thousands of migrations on a server with PostgreSQL's default lock table
 * ({@code max_locks_per_transaction} 64, {@code max_connections} 100, no prepared transactions): from an empty database
 * they are applied in batches that fit it; where the database already held something, in one transaction as before,
 * and the diagnostic of a transaction too big stays short.
 */
class LongHistoryTest {
    private static EmbeddedPostgres server;

    private final MigrationFiles dir = new MigrationFiles();
    private String database;

    @BeforeAll
    static void start() {
        server = TestServer.builder()
                .provider(EmbeddedPostgres.Provider.LOCAL)
                .setting("max_locks_per_transaction", "64")
                .setting("max_connections", "100")
                .setting("max_prepared_transactions", "0")
                .start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void createDatabase() {
        database = server.createDatabase();
    }

    @AfterEach
    void cleanUp() {
        dir.close();
        server.dropDatabase(database);
    }

    @Test
    void fiveThousandMigrationsFromAnEmptyDatabaseAreAppliedInBatchesThatFitTheDefaultLockTable() throws Exception {
        assertThat(value("SHOW max_locks_per_transaction")).isEqualTo("64");
        tables(1, 5000);
        UpgradeReport report;
        try (Migrator migrator = configure().load()) {
            report = migrator.upgradeToHead();
        }
        // 5,000 one-statement migrations, at most 400 statements a batch (64 × 100 / 4 / 4).
        assertThat(report.migrations()).hasSize(5000);
        assertThat(report.batches()).isEqualTo(13);
        assertThat(report.toRevision()).isEqualTo("5000");
        assertThat(report.summary()).contains("applied in 13 batches", "because the database was empty");
        assertThat(report.toJson()).contains("\"batches\":13");
        assertThat(value("SELECT count(*) FROM flyway_schema_history WHERE success"))
                .isEqualTo("5000");
        assertThat(value("SELECT to_regclass('t_5000') IS NOT NULL")).isEqualTo("t");
        assertThat(value("SELECT string_agg(outcome, ',') FROM migrator_journal WHERE kind = 'batched-upgrade'"))
                .isEqualTo("succeeded");
    }

    @Test
    void aFailureInABatchFromEmptyKeepsTheBatchesBeforeAndStartingAgainContinuesInBatches() throws Exception {
        tables(1, 1000);
        dir.migration("V900__t_900.sql", "CREATE TABLE t_900 (id int primary key);\nSELECT 1 / 0;");
        try (Migrator migrator = configure().load()) {
            assertThatThrownBy(migrator::upgradeToHead).isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                assertThat(e.code()).isEqualTo(DiagnosticCode.MIGRATION_FAILED);
                // Batches of at most 400 statements: V1-V400, V401-V800, V801-V1000 (V900 has two).
                assertThat(e.facts().get("batch")).startsWith("3 of 3 (an upgrade from an empty database");
                assertThat(e.facts().get("applied before the failure")).isEqualTo("V1, V2, V3 … V800 (800 migrations)");
                assertThat(e.facts().get("rolled back"))
                        .startsWith("V801 (V801__t_801.sql), V802")
                        .endsWith("… V900 (V900__t_900.sql) (100 migrations)");
                assertThat(e.remedy())
                        .contains(
                                "batches 1 to 2 are committed and stay",
                                "batch 3 was rolled back",
                                "continues in batches with V801");
                assertThat(e.getMessage()).hasSizeLessThan(2000);
            });
        }
        assertThat(value("SELECT count(*) FROM flyway_schema_history WHERE success"))
                .isEqualTo("800");
        assertThat(value("SELECT to_regclass('t_800') IS NOT NULL AND to_regclass('t_801') IS NULL"))
                .isEqualTo("t");

        dir.migration("V900__t_900.sql", "CREATE TABLE t_900 (id int primary key);");
        UpgradeReport report;
        try (Migrator migrator = configure().load()) {
            report = migrator.upgradeToHead();
        }
        assertThat(report.fromRevision()).isEqualTo("800");
        assertThat(report.migrations()).hasSize(200);
        assertThat(report.batches()).isEqualTo(1);
        assertThat(value("SELECT count(*) FROM flyway_schema_history WHERE success"))
                .isEqualTo("1000");
        assertThat(value("SELECT string_agg(outcome, ',') FROM migrator_journal WHERE kind = 'batched-upgrade'"))
                .isEqualTo("succeeded");
    }

    @Test
    void aBatchedUpgradeFromEmptyCompletedAnotherWayIsNotContinuedByALaterUpgrade() throws Exception {
        tables(1, 500);
        dir.migration("V450__t_450.sql", "CREATE TABLE t_450 (id int primary key);\nSELECT 1 / 0;");
        try (Migrator migrator = configure().load()) {
            assertThatThrownBy(migrator::upgradeToHead).isInstanceOf(MigrationFailedException.class);
        }
        assertThat(value("SELECT count(*) FROM flyway_schema_history")).isEqualTo("400");
        dir.migration("V450__t_450.sql", "CREATE TABLE t_450 (id int primary key);");
        try (Migrator migrator =
                configure().transactionMode(TransactionMode.PER_MIGRATION).load()) {
            assertThat(migrator.upgradeToHead().batches()).isZero();
        }
        tables(501, 502);
        dir.migration("V502__t_502.sql", "CREATE TABLE t_502 (id int primary key);\nSELECT 1 / 0;");
        try (Migrator migrator = configure().load()) {
            assertThatThrownBy(migrator::upgradeToHead)
                    .isInstanceOfSatisfying(
                            MigrationFailedException.class,
                            e -> assertThat(e.facts())
                                    .doesNotContainKey("batch")
                                    .containsEntry("rolled back", "V501 (V501__t_501.sql), V502 (V502__t_502.sql)"));
        }
        assertThat(value("SELECT to_regclass('t_501') IS NULL")).isEqualTo("t");
        assertThat(value("SELECT string_agg(outcome, ',') FROM migrator_journal WHERE kind = 'batched-upgrade'"))
                .isEqualTo("succeeded");
    }

    @Test
    void aSchemaThatHoldsATableIsNotEmptyAndKeepsOneTransaction() throws Exception {
        execute("CREATE TABLE customers (id int primary key)");
        tables(1, 500);
        dir.migration("V500__t_500.sql", "CREATE TABLE t_500 (id int primary key);\nSELECT 1 / 0;");
        try (Migrator migrator = configure().load()) {
            assertThatThrownBy(migrator::upgradeToHead).isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                assertThat(e.facts()).doesNotContainKey("batch");
                assertThat(e.facts().get("rolled back"))
                        .startsWith("V1 (V1__t_1.sql), V2")
                        .endsWith("… V500 (V500__t_500.sql) (500 migrations)");
            });
        }
        assertThat(value("SELECT count(*) FROM flyway_schema_history")).isEqualTo("0");
        assertThat(value("SELECT to_regclass('t_1') IS NULL")).isEqualTo("t");
    }

    @Test
    void anEstablishedDatabaseKeepsOneTransactionAndTheLockTableDiagnosticStaysShort() throws Exception {
        tables(1, 1);
        try (Migrator migrator = configure().load()) {
            assertThat(migrator.upgradeToHead().batches()).isZero();
        }
        tables(2, 5000);
        try (Migrator migrator = configure().load()) {
            assertThatThrownBy(migrator::upgradeToHead).isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                assertThat(e.facts()).containsEntry("SQLState", "53200").doesNotContainKey("batch");
                assertThat(e.getMessage())
                        .contains(
                                "more locks than the server's lock table holds", "V2 (V2__t_2.sql), V3", " migrations)")
                        .hasSizeLessThan(2000);
            });
        }
        assertThat(value("SELECT count(*) FROM flyway_schema_history")).isEqualTo("1");
        assertThat(value("SELECT to_regclass('t_2') IS NULL")).isEqualTo("t");
    }

    /** Migrations V{from}..V{to}, each creating table t_{n} with a primary key (two locks: the table and its index). */
    private void tables(int from, int to) {
        for (int n = from; n <= to; n++) {
            dir.migration("V" + n + "__t_" + n + ".sql", "CREATE TABLE t_" + n + " (id int primary key);");
        }
    }

    private MigratorConfig.Builder configure() {
        return TestDb.extensions(Migrator.configure()
                .url(server.jdbcUrl(database))
                .user(server.user())
                .password(server.password())
                .locations(dir.locations())
                .seedLocations(dir.seeds()));
    }

    private String value(String sql) throws SQLException {
        try (Connection c = server.connect(database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = server.connect(database);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
