package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class UpgradeTest {
    private final TestDb db = new TestDb();
    private final MigrationFiles dir = new MigrationFiles();

    @AfterEach
    void cleanUp() {
        db.close();
        dir.close();
    }

    @Test
    @Tag("vector")
    void upgradeFromEmptyAppliesEveryMigrationAndReportsIt() throws Exception {
        dir.migration("V1__create_items.sql", "CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL);")
                .migration("V1_1__add_embedding.sql", "ALTER TABLE items ADD COLUMN embedding vector(3);")
                .migration("V2__seed_item.sql", "INSERT INTO items (name, embedding) VALUES ('a', '[1,2,3]');");
        List<AppliedMigration> progress = new ArrayList<>();
        try (Migrator migrator = db.configure(dir)
                .listener(new MigratorListener() {
                    @Override
                    public void migrationApplied(AppliedMigration migration) {
                        progress.add(migration);
                    }
                })
                .load()) {
            UpgradeReport report = migrator.upgradeToHead();

            assertThat(report.fromRevision()).isEqualTo("base");
            assertThat(report.toRevision()).isEqualTo("2");
            assertThat(report.upToDate()).isFalse();
            assertThat(report.migrations())
                    .extracting(AppliedMigration::version)
                    .containsExactly("1", "1.1", "2");
            assertThat(progress).extracting(AppliedMigration::version).containsExactly("1", "1.1", "2");
            assertThat(report.total()).isPositive();
            assertThat(report.toJson()).contains("\"toRevision\":\"2\"", "\"fromRevision\":\"base\"");
            assertThat(report.summary()).contains("upgraded from base to 2", "3 migration(s)");
        }
        assertThat(db.value("SELECT embedding::text FROM items")).isEqualTo("[1,2,3]");
        assertThat(db.column("SELECT version || ':' || success FROM flyway_schema_history ORDER BY installed_rank"))
                .containsExactly("1:true", "1.1:true", "2:true");
    }

    @Test
    void nonAsciiDigitsWhereFlywaysParserWouldLoopForEverAreAppliedAsWritten() throws Exception {
        // Flyway's tokenizer loops (until the heap is full) on a non-ASCII digit starting a token; PostgreSQL
        // reads it as an identifier character. Arabic-Indic and fullwidth digits, in a name and in COPY data.
        dir.migration("V1__create_counts.sql", """
                CREATE TABLE ٤٥_counts (label text, n int);
                INSERT INTO ٤٥_counts VALUES ('４', 4);
                COPY ٤٥_counts (label, n) FROM STDIN;
                ٣٤	34
                \\.
                """);
        try (Migrator migrator = db.configure(dir).load()) {
            assertThat(migrator.upgradeToHead().toRevision()).isEqualTo("1");
        }
        assertThat(db.column("SELECT label || '=' || n FROM ٤٥_counts ORDER BY n"))
                .containsExactly("４=4", "٣٤=34");
    }

    @Test
    void pendingMigrationsRunInOneTransactionSoAFailureLeavesNothingBehind() throws Exception {
        dir.migration("V1__create_a.sql", "CREATE TABLE a (id int);")
                .migration("V2__create_b.sql", "CREATE TABLE b (id int);")
                .migration("V3__broken.sql", "CREATE TABLE c (id int);\nINSERT INTO c VALUES ('not a number');");
        try (Migrator migrator = db.configure(dir).load()) {
            assertThatThrownBy(migrator::upgradeToHead).isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                assertThat(e.code()).isEqualTo(DiagnosticCode.MIGRATION_FAILED);
                assertThat(e.facts()).containsEntry("line", "2").containsEntry("SQLState", "22P02");
                assertThat(e.facts().get("rolled back")).contains("V1", "V2", "V3");
                assertThat(e.getMessage()).contains("V3__broken.sql", "INSERT INTO c");
            });
        }
        assertThat(db.exists("a")).isFalse();
        assertThat(db.exists("b")).isFalse();
        assertThat(db.column("SELECT version FROM flyway_schema_history")).isEmpty();
    }

    @Test
    void perMigrationModeKeepsTheMigrationsBeforeTheFailure() throws Exception {
        dir.migration("V1__create_a.sql", "CREATE TABLE a (id int);")
                .migration("V2__broken.sql", "SELECT no_such_function();");
        try (Migrator migrator =
                db.configure(dir).transactionMode(TransactionMode.PER_MIGRATION).load()) {
            assertThatThrownBy(migrator::upgradeToHead)
                    .isInstanceOf(MigrationFailedException.class)
                    .hasMessageContaining("V2__broken.sql");
        }
        assertThat(db.exists("a")).isTrue();
        assertThat(db.column("SELECT version FROM flyway_schema_history")).containsExactly("1");
    }

    @Test
    void aConcurrentIndexMigrationRunsAloneOutsideTheTransactionAndIsJournaled() throws Exception {
        dir.migration(
                        "V1__create_items.sql",
                        "CREATE TABLE items (id int, name text);\nINSERT INTO items SELECT g, 'n' || g FROM generate_series(1, 1000) g;")
                .migration(
                        "V2__index_items.sql",
                        "-- built without blocking writes\nCREATE INDEX CONCURRENTLY items_name_idx ON items (name);")
                .migration("V3__add_column.sql", "ALTER TABLE items ADD COLUMN note text;");
        try (Migrator migrator = db.configure(dir).load()) {
            UpgradeReport report = migrator.upgradeToHead();
            assertThat(report.migrations())
                    .extracting(AppliedMigration::transactional)
                    .containsExactly(true, false, true);
        }
        assertThat(db.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 'items_name_idx'::regclass"))
                .isEqualTo("t");
        assertThat(db.column("SELECT version || ':' || outcome || ':' || statements_done || '/' || statements_total "
                        + "FROM migrator_journal WHERE kind = 'non-transactional'"))
                .containsExactly("2:succeeded:1/1");
    }

    @Test
    void executeInTransactionFalseInAConfFileOrHeaderRunsTheMigrationOutsideATransaction() throws Exception {
        dir.migration("V1__create.sql", "CREATE TABLE t (id int);")
                .migration("V2__vacuum.sql", "VACUUM t;")
                .migration("V3__declared.sql", "INSERT INTO t VALUES (1);")
                .migration("V3__declared.sql.conf", "executeInTransaction=false\n")
                .migration("V4__header.sql", "-- flyway:executeInTransaction=false\nINSERT INTO t VALUES (2);");
        try (Migrator migrator = db.configure(dir).load()) {
            UpgradeReport report = migrator.upgradeToHead();
            assertThat(report.migrations())
                    .extracting(AppliedMigration::transactional)
                    .containsExactly(true, false, false, false);
        }
        assertThat(db.column("SELECT id::text FROM t ORDER BY id")).containsExactly("1", "2");
    }

    @Test
    void upgradeToATargetStopsThereAndLeavesRepeatablesAndSeedsForHead() throws Exception {
        dir.migration("V1__a.sql", "CREATE TABLE a (id int);")
                .migration("V2__b.sql", "CREATE TABLE b (id int);")
                .migration("R__view.sql", "CREATE OR REPLACE VIEW ab AS SELECT a.id FROM a JOIN b ON a.id = b.id;")
                .seed("01_a.sql", "INSERT INTO a SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM a);");
        try (Migrator migrator = db.configure(dir).load()) {
            UpgradeReport toOne = migrator.upgradeTo("1");
            assertThat(toOne.toRevision()).isEqualTo("1");
            assertThat(toOne.seeds()).isEmpty();
            assertThat(db.exists("b")).isFalse();
            assertThat(db.exists("ab")).isFalse();

            UpgradeReport toHead = migrator.upgradeToHead();
            assertThat(toHead.fromRevision()).isEqualTo("1");
            assertThat(toHead.migrations())
                    .extracting(AppliedMigration::description)
                    .containsExactly("b", "view");
            assertThat(db.exists("ab")).isTrue();
            assertThat(db.value("SELECT count(*) FROM a")).isEqualTo("1");
        }
    }

    @Test
    void aChangedRepeatableMigrationIsAppliedAgain() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int, name text);")
                .migration("R__v.sql", "CREATE OR REPLACE VIEW v AS SELECT id FROM t;");
        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeToHead();
        }
        dir.migration("R__v.sql", "DROP VIEW IF EXISTS v;\nCREATE VIEW v AS SELECT id, name FROM t;");
        try (Migrator migrator = db.configure(dir).load()) {
            UpgradeReport report = migrator.upgradeToHead();
            assertThat(report.migrations())
                    .extracting(AppliedMigration::repeatable)
                    .containsExactly(true);
            assertThat(migrator.upgradeToHead().upToDate()).isTrue();
        }
        assertThat(
                        db.column(
                                "SELECT attname FROM pg_attribute WHERE attrelid = 'v'::regclass AND attnum > 0 ORDER BY attnum"))
                .containsExactly("id", "name");
    }

    @Test
    void placeholdersAreReplacedAsFlywayDoes() throws Exception {
        dir.migration(
                "V1__t.sql",
                "CREATE TABLE ${table_name} (id int);\nCOMMENT ON TABLE ${table_name} IS 'in ${flyway:defaultSchema}';");
        try (Migrator migrator =
                db.configure(dir).placeholder("table_name", "widgets").load()) {
            migrator.upgradeToHead();
        }
        assertThat(db.value("SELECT obj_description('widgets'::regclass)")).isEqualTo("in public");
    }

    @Test
    @Tag("vector")
    void migrationsRunInTheConfiguredSchemaWithTheirHistoryThere() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE things (id int, v vector(2));");
        try (Migrator migrator = db.configure(dir).schema("app").load()) {
            assertThat(migrator.upgradeToHead().toRevision()).isEqualTo("1");
            assertThat(migrator.upgradeToHead().upToDate()).isTrue();
        }
        assertThat(db.exists("app.things")).isTrue();
        assertThat(db.exists("app.flyway_schema_history")).isTrue();
        assertThat(db.exists("public.things")).isFalse();
    }

    @Test
    void copyFromStdinWithInlineDataIsExecuted() throws Exception {
        dir.migration(
                "V1__data.sql",
                "CREATE TABLE colors (id int, name text);\nCOPY colors (id, name) FROM STDIN;\n1\tred\n2\tgreen\n\\.\n");
        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeToHead();
        }
        assertThat(db.column("SELECT name FROM colors ORDER BY id")).containsExactly("red", "green");
    }

    @Test
    void aSeparateMigrationUrlCarriesTheLockAndTheMigrations() throws Exception {
        dir.migration(
                "V1__t.sql",
                "CREATE TABLE t (who text DEFAULT current_setting('application_name'));\nINSERT INTO t DEFAULT VALUES;");
        try (Migrator migrator = TestDb.extensions(Migrator.configure()
                        .url(db.url() + "?ApplicationName=app-pool")
                        .user(TestServer.shared().user())
                        .password(TestServer.shared().password())
                        .migrationUrl(db.url() + "?ApplicationName=direct-migrations")
                        .locations(dir.locations())
                        .seedLocations())
                .load()) {
            migrator.upgradeToHead();
        }
        assertThat(db.value("SELECT who FROM t")).isEqualTo("direct-migrations");
    }
}
