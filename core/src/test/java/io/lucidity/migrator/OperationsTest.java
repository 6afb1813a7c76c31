package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.LockKey;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class OperationsTest {
    private final TestDb db = new TestDb();
    private final MigrationFiles dir = new MigrationFiles();

    @BeforeEach
    void threeMigrations() {
        dir.migration("V1__create_a.sql", "CREATE TABLE a (id int);")
                .migration("V2__create_b.sql", "CREATE TABLE b (id int);")
                .migration("U2__create_b.sql", "DROP TABLE b;")
                .migration("V3__create_c.sql", "CREATE TABLE c (id int);")
                .migration("U3__create_c.sql", "DROP TABLE c;")
                .seed("01_a.sql", "INSERT INTO a SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM a);");
    }

    @AfterEach
    void cleanUp() {
        db.close();
        dir.close();
    }

    private Migrator migrator() {
        return db.configure(dir).load();
    }

    private static Map<String, MigrationState> states(Migrator m) {
        return m.history().stream()
                .filter(h -> h.version() != null)
                .collect(Collectors.toMap(
                        HistoryEntry::version, HistoryEntry::state, (x, y) -> y, java.util.LinkedHashMap::new));
    }

    @Test
    void currentIsBaseOnAnEmptyDatabaseThenTheHighestAppliedVersion() {
        try (Migrator m = migrator()) {
            assertThat(m.current()).isEqualTo("base");
            m.upgradeTo("2");
            assertThat(m.current()).isEqualTo("2");
        }
    }

    @Test
    void stampForwardRecordsWithoutRunningAndStampBackRemovesTheRowsAbove() throws Exception {
        try (Migrator m = migrator()) {
            m.upgradeTo("1");
            StampResult forward = m.stamp("3");
            assertThat(forward.before()).isEqualTo("1");
            assertThat(forward.after()).isEqualTo("3");
            assertThat(forward.recorded()).containsExactly("2", "3");
            assertThat(db.exists("b")).as("stamp runs nothing").isFalse();
            assertThat(states(m))
                    .containsEntry("1", MigrationState.APPLIED)
                    .containsEntry("2", MigrationState.STAMPED)
                    .containsEntry("3", MigrationState.STAMPED);
            assertThat(m.current()).isEqualTo("3");

            StampResult back = m.stamp("1");
            assertThat(back.removed()).containsExactlyInAnyOrder("2", "3");
            assertThat(m.current()).isEqualTo("1");
            assertThat(states(m)).containsEntry("2", MigrationState.PENDING);

            StampResult base = m.stamp("base");
            assertThat(base.after()).isEqualTo("base");
            assertThat(db.value("SELECT count(*) FROM flyway_schema_history")).isEqualTo("0");
            assertThat(db.column("SELECT kind FROM migrator_journal WHERE kind = 'stamp'"))
                    .isNotEmpty();
        }
    }

    @Test
    void stampRefusesAnUnknownRevisionListingTheKnownOnes() {
        try (Migrator m = migrator()) {
            assertThatThrownBy(() -> m.stamp("9")).isInstanceOfSatisfying(MigratorException.class, e -> {
                assertThat(e.code()).isEqualTo(DiagnosticCode.UNKNOWN_REVISION);
                assertThat(e.code().exitCode()).isEqualTo(2);
                assertThat(e.facts().get("known revisions")).isEqualTo("base, 1, 2, 3, head");
            });
        }
    }

    @Test
    void stampWithPurgeEmptiesTheHistoryFirst() throws Exception {
        try (Migrator m = migrator()) {
            m.upgradeToHead();
            db.execute(
                    "INSERT INTO flyway_schema_history VALUES (99, '7', 'from elsewhere', 'SQL', 'V7__x.sql', 1, 'x', now(), 1, true)");
            StampResult result = m.stamp("2", true);
            assertThat(result.removed()).contains("7", "3");
            assertThat(db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
                    .containsExactly("1", "2");
        }
    }

    @Test
    void historyShowsEachStateForPeopleAndMachines() throws Exception {
        try (Migrator m = migrator()) {
            m.upgradeTo("2");
        }
        dir.migration("V1__create_a.sql", "CREATE TABLE a (id bigint);");
        db.execute(
                "INSERT INTO flyway_schema_history VALUES (10, '9', 'future', 'SQL', 'V9__future.sql', 5, 'x', now(), 1, true)");
        try (Migrator m = db.configure(dir).tolerateNewerSchema(true).load()) {
            assertThat(states(m))
                    .containsExactly(
                            Map.entry("1", MigrationState.CHANGED),
                            Map.entry("2", MigrationState.APPLIED),
                            Map.entry("3", MigrationState.OUT_OF_ORDER),
                            Map.entry("9", MigrationState.UNKNOWN));
            HistoryEntry applied = m.history().get(1);
            assertThat(applied.installedOn()).isNotNull();
            assertThat(applied.installedBy()).isEqualTo(TestServer.shared().user());
            assertThat(applied.executionTime()).isNotNull();
        }
    }

    @Test
    @Tag("vector")
    void statusReportsRevisionPendingProblemsExtensionsSeedsAndTheLockHolder() throws Exception {
        try (Migrator m = migrator()) {
            m.upgradeTo("1");
            try (Connection holder = db.connect();
                    Statement s = holder.createStatement()) {
                s.execute("SET application_name = 'other-deployer'");
                s.execute(LockKey.lockSql("public"));
                Status status = m.status();
                assertThat(status.revision()).isEqualTo("1");
                assertThat(status.head()).isEqualTo("3");
                assertThat(status.atHead()).isFalse();
                assertThat(status.pending()).extracting(HistoryEntry::version).containsExactly("2", "3");
                assertThat(status.problems()).isEmpty();
                assertThat(status.extensions()).singleElement().satisfies(e -> {
                    assertThat(e.name()).isEqualTo("vector");
                    assertThat(e.satisfied()).isTrue();
                });
                assertThat(status.seeds())
                        .singleElement()
                        .satisfies(seed -> assertThat(seed.state()).isEqualTo(Status.SeedState.NEW));
                assertThat(status.lockHolder()).isNotNull();
                assertThat(status.lockHolder().applicationName()).isEqualTo("other-deployer");
                assertThat(status.readOnly()).isFalse();
            }
            m.upgradeToHead();
            Status atHead = m.status();
            assertThat(atHead.atHead()).isTrue();
            assertThat(atHead.lockHolder()).isNull();
        }
    }

    @Test
    @Tag("vector")
    void checkPassesOnAHealthyDatabaseAndBlocksOnADrainQueryOrAHeldLock() throws Exception {
        db.execute("CREATE TABLE jobs (state text); INSERT INTO jobs VALUES ('done'), ('running');");
        try (Migrator healthy = db.configure(dir)
                .check(PreUpgradeCheck.sql(
                        "queue-drained", "SELECT count(*) FROM jobs WHERE state NOT IN ('done', 'failed', 'running')"))
                .load()) {
            CheckReport report = healthy.check();
            assertThat(report.blocked()).as(report.toString()).isFalse();
            assertThat(report.results())
                    .extracting(CheckResult::name)
                    .contains(
                            "connectivity",
                            "server",
                            "extension vector",
                            "migration lock",
                            "validate",
                            "pending migrations",
                            "queue-drained");
            assertThat(report.results().stream()
                            .filter(r -> r.name().equals("pending migrations"))
                            .findFirst()
                            .orElseThrow()
                            .detail())
                    .contains("V1", "V2", "V3");
        }
        try (Migrator blocked = db.configure(dir)
                .setting(
                        "check.pipeline-drained.sql", "SELECT count(*) FROM jobs WHERE state NOT IN ('done', 'failed')")
                .load()) {
            CheckReport report = blocked.check();
            assertThat(report.blocked()).isTrue();
            assertThat(report.results())
                    .filteredOn(r -> r.outcome() == CheckResult.Outcome.BLOCK)
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.name()).isEqualTo("pipeline-drained");
                        assertThat(r.detail()).contains("returned 1");
                    });
        }
        try (Migrator m = migrator();
                Connection holder = db.connect();
                Statement s = holder.createStatement()) {
            s.execute(LockKey.lockSql("public"));
            assertThat(m.check().results())
                    .filteredOn(r -> r.name().equals("migration lock"))
                    .singleElement()
                    .satisfies(r -> assertThat(r.outcome()).isEqualTo(CheckResult.Outcome.BLOCK));
        }
    }

    @Test
    @Tag("vector")
    void planShowsTheSqlWithTransactionBoundariesAndChangesNothing() throws Exception {
        dir.migration("V4__index.sql", "CREATE INDEX CONCURRENTLY c_id_idx ON c (id);")
                .migration("V5__d.sql", "CREATE TABLE d (id int);");
        try (Migrator m = migrator()) {
            MigrationPlan plan = m.plan();
            assertThat(plan.fromRevision()).isEqualTo("base");
            assertThat(plan.toRevision()).isEqualTo("5");
            assertThat(plan.steps())
                    .extracting(MigrationPlan.Step::kind)
                    .containsExactly(
                            "extension",
                            "session",
                            "migration",
                            "migration",
                            "migration",
                            "migration",
                            "migration",
                            "seed");
            String sql = plan.toSql();
            assertThat(sql)
                    .containsSubsequence(
                            "CREATE EXTENSION IF NOT EXISTS \"vector\"",
                            "SET search_path TO \"public\"",
                            "BEGIN;",
                            "CREATE TABLE a (id int);",
                            "CREATE TABLE c (id int);",
                            "COMMIT;",
                            "(outside a transaction)",
                            "CREATE INDEX CONCURRENTLY c_id_idx",
                            "BEGIN;",
                            "CREATE TABLE d (id int);",
                            "COMMIT;",
                            "BEGIN;",
                            "INSERT INTO a",
                            "COMMIT;");
        }
        assertThat(db.exists("a")).isFalse();
        assertThat(db.exists("flyway_schema_history")).isFalse();
        assertThat(db.value("SELECT count(*) FROM pg_extension WHERE extname = 'vector'"))
                .isEqualTo("0");
    }

    @Test
    void downgradeRunsUndoScriptsNewestFirstAndRefusesUpFrontWithoutThem() throws Exception {
        try (Migrator m = migrator()) {
            m.upgradeToHead();
            DowngradeResult result = m.downgradeTo("1");
            assertThat(result.fromRevision()).isEqualTo("3");
            assertThat(result.toRevision()).isEqualTo("1");
            assertThat(result.undone()).extracting(AppliedMigration::version).containsExactly("3", "2");
            assertThat(db.exists("b")).isFalse();
            assertThat(db.exists("c")).isFalse();
            assertThat(db.exists("a")).isTrue();
            assertThat(m.current()).isEqualTo("1");

            m.upgradeToHead();
            assertThatThrownBy(() -> m.downgradeTo("base")).isInstanceOfSatisfying(MigratorException.class, e -> {
                assertThat(e.code()).isEqualTo(DiagnosticCode.NO_UNDO);
                assertThat(e.facts()).containsEntry("without undo script", "V1");
                assertThat(e.getMessage()).contains("Nothing was changed");
                assertThat(e.remedy())
                        .as("in the Java API's words")
                        .contains("`migrator.restore(file)`")
                        .doesNotContain("migrator restore");
            });
            assertThat(db.exists("c")).as("refused before changing anything").isTrue();
            assertThat(m.current()).isEqualTo("3");
        }
    }

    @Test
    void repairRemovesFailedRowsMarksRemovedFilesDeletedAndRealignsChecksums() throws Exception {
        try (Migrator m = migrator()) {
            m.upgradeToHead();
        }
        db.execute(
                "INSERT INTO flyway_schema_history VALUES (50, '4', 'failed', 'SQL', 'V4__failed.sql', 1, 'x', now(), 1, false)");
        dir.removeMigration("V2__create_b.sql").removeMigration("U2__create_b.sql");
        dir.migration("V3__create_c.sql", "CREATE TABLE c (id int); -- reformatted");
        try (Migrator m = migrator()) {
            RepairResult result = m.repair();
            assertThat(result.failedRowsRemoved()).isEqualTo(1);
            assertThat(result.realigned()).containsExactly("3");
            assertThat(result.markedDeleted()).containsExactly("2");
            assertThat(m.validate()).isEmpty();
            assertThat(m.upgradeToHead().toRevision()).isEqualTo("3");
            assertThat(m.upgradeToHead().upToDate()).isTrue();
        }
    }

    @Test
    void validateListsPendingMigrationsAndRaisesWhatAnUpgradeWouldRaise() throws Exception {
        try (Migrator m = migrator()) {
            m.upgradeTo("1");
            assertThat(m.validate()).extracting(HistoryEntry::version).containsExactly("2", "3");
        }
        dir.migration("V1__create_a.sql", "CREATE TABLE a (id text);");
        try (Migrator m = migrator()) {
            assertThatThrownBy(m::validate).isInstanceOf(ChecksumMismatchException.class);
        }
    }

    @Test
    void seedRunsEverySeedAgain() throws Exception {
        try (Migrator m = migrator()) {
            m.upgradeToHead();
            db.execute("DELETE FROM a");
            assertThat(m.upgradeToHead().upToDate())
                    .as("an unchanged seed does not run by itself")
                    .isTrue();
            assertThat(m.seed()).extracting(SeedResult::outcome).containsExactly(SeedResult.Outcome.APPLIED);
            assertThat(db.value("SELECT count(*) FROM a")).isEqualTo("1");
        }
    }

    @Test
    void aFingerprintChangesWithAnyMigrationOrSeedFile() {
        Function<MigrationFiles, String> fingerprint = d -> {
            try (Migrator m = db.configure(d).load()) {
                return m.fingerprint();
            }
        };
        String before = fingerprint.apply(dir);
        assertThat(fingerprint.apply(dir)).isEqualTo(before);
        dir.seed("01_a.sql", "SELECT 2;");
        assertThat(fingerprint.apply(dir)).isNotEqualTo(before);
    }
}
