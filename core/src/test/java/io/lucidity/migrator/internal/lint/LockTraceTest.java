package io.lucidity.migrator.internal.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.TransactionMode;
import io.lucidity.migrator.internal.Workspace;
import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LockTraceTest {
    private final TestDb db = new TestDb();
    private final MigrationFiles dir = new MigrationFiles();

    @AfterEach
    void cleanUp() {
        db.close();
        dir.close();
    }

    /** The applied schema (two tables, with rows on the live database), upgraded for real. */
    private MigratorConfig.Builder applied() {
        dir.migration(
                        "V1__items.sql",
                        "CREATE TABLE owners (id int PRIMARY KEY);\n"
                                + "CREATE TABLE items (id int PRIMARY KEY, name text, owner_id int);")
                .migration("V2__rows.sql", "INSERT INTO owners VALUES (1);");
        MigratorConfig.Builder config =
                db.configure(dir).extensions(TestServer.NO_EXTENSION).transactionMode(TransactionMode.PER_MIGRATION);
        try (Migrator migrator = config.load()) {
            migrator.upgradeToHead();
        }
        db.execute("INSERT INTO items SELECT g, 'n' || g, 1 FROM generate_series(1, 100) g");
        return config;
    }

    private static LockTrace.Result trace(MigratorConfig.Builder config) {
        try (Workspace ws = new Workspace(config.build())) {
            return LockTrace.run(ws);
        }
    }

    private List<String> scratchDatabases() {
        return db.column("SELECT datname FROM pg_database WHERE datname LIKE 'migrator\\_trace\\_%'");
    }

    @Test
    void eachPendingStatementShowsTheLocksItTookOnAScratchCopyAndTheLiveDatabaseIsUntouched() {
        MigratorConfig.Builder config = applied();
        String before = db.snapshot();
        dir.migration("V3__index.sql", "CREATE INDEX items_name ON items (name);")
                .migration("V4__column.sql", "\n-- a comment first\nALTER TABLE items ADD COLUMN note text;")
                .migration(
                        "V5__fk.sql",
                        "ALTER TABLE items ADD CONSTRAINT items_owner_fk FOREIGN KEY (owner_id) REFERENCES owners (id);")
                .migration(
                        "V6__concurrently.sql",
                        "-- migrator: outside a transaction\nCREATE INDEX CONCURRENTLY items_note ON items (note);");

        LockTrace.Result result = trace(config);

        assertThat(result.failed()).isFalse();
        List<LockTrace.TracedStatement> statements = result.statements();
        assertThat(statements)
                .extracting(LockTrace.TracedStatement::migration)
                .containsExactly(
                        "V3 (V3__index.sql)", "V4 (V4__column.sql)", "V5 (V5__fk.sql)", "V6 (V6__concurrently.sql)");
        LockTrace.TracedStatement index = statements.get(0);
        assertThat(index.file()).endsWith("V3__index.sql");
        assertThat(index.line()).isEqualTo(1);
        assertThat(index.traced()).isTrue();
        assertThat(index.modeOn("public.items")).isEqualTo("SHARE");
        LockTrace.TracedStatement column = statements.get(1);
        assertThat(column.line()).isEqualTo(3);
        assertThat(column.modeOn("public.items")).isEqualTo("ACCESS EXCLUSIVE");
        LockTrace.TracedStatement fk = statements.get(2);
        assertThat(fk.modeOn("public.items")).isEqualTo("SHARE ROW EXCLUSIVE");
        assertThat(fk.modeOn("public.owners")).isEqualTo("SHARE ROW EXCLUSIVE");
        LockTrace.TracedStatement concurrently = statements.get(3);
        assertThat(concurrently.line()).isEqualTo(2);
        assertThat(concurrently.traced()).isFalse();
        assertThat(concurrently.reason()).contains("cannot run in a transaction");
        assertThat(concurrently.modeOn("public.items")).isEqualTo("SHARE UPDATE EXCLUSIVE");

        assertThat(scratchDatabases()).isEmpty();
        assertThat(db.snapshot()).isEqualTo(before);
        assertThat(db.count("SELECT count(*) FROM items")).isEqualTo(100);
        assertThat(db.appliedVersions()).containsExactly("1", "2");
    }

    @Test
    void inOneTransactionAStatementReportsOnlyTheLocksTheEarlierOnesDidNotHold() {
        MigratorConfig.Builder config = applied().transactionMode(TransactionMode.SINGLE);
        dir.migration(
                "V3__two.sql", "ALTER TABLE items ADD COLUMN note text;\nCREATE INDEX items_name ON items (name);");

        LockTrace.Result result = trace(config);

        assertThat(result.statements()).hasSize(2);
        assertThat(result.statements().get(0).modeOn("public.items")).isEqualTo("ACCESS EXCLUSIVE");
        assertThat(result.statements().get(1).modeOn("public.items")).isNull();
        assertThat(result.statements().get(1).line()).isEqualTo(2);
    }

    @Test
    void aFailingStatementStopsTheTraceAndTheScratchDatabaseIsStillDropped() {
        MigratorConfig.Builder config = applied();
        dir.migration("V3__broken.sql", "ALTER TABLE items ADD COLUMN note text;\nSELECT 1 / 0;")
                .migration("V4__after.sql", "ALTER TABLE owners ADD COLUMN name text;");

        LockTrace.Result result = trace(config);

        assertThat(result.failed()).isTrue();
        assertThat(result.failure()).contains("22012");
        assertThat(result.statements()).hasSize(2);
        assertThat(result.statements().get(1).traced()).isFalse();
        assertThat(result.statements().get(1).line()).isEqualTo(2);
        assertThat(scratchDatabases()).isEmpty();
        assertThat(db.column("SELECT column_name FROM information_schema.columns WHERE table_name = 'items'"))
                .doesNotContain("note");
    }

    @Test
    void aRoleThatMayNotCreateDatabasesIsRefusedWithTheRemedy() {
        String role = "tracer_" + db.name();
        db.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'pw' NOCREATEDB; GRANT ALL ON SCHEMA public TO " + role);
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        MigratorConfig.Builder config =
                db.configure(dir).user(role).password("pw").extensions(TestServer.NO_EXTENSION);

        assertThatThrownBy(() -> trace(config)).isInstanceOfSatisfying(MigratorException.class, e -> {
            assertThat(e.code()).isEqualTo(DiagnosticCode.INSUFFICIENT_PRIVILEGE);
            assertThat(e.remedy()).contains("CREATEDB");
        });
        assertThat(scratchDatabases()).isEmpty();
        assertThat(db.exists("public.t")).isFalse();
    }

    @Test
    void withNothingPendingNoScratchDatabaseIsMade() {
        MigratorConfig.Builder config = applied();

        LockTrace.Result result = trace(config);

        assertThat(result.statements()).isEmpty();
        assertThat(result.database()).isNull();
        assertThat(result.failed()).isFalse();
    }

    @Test
    void aScratchDatabaseLeftByADeadTraceIsDroppedAfterAnHour() {
        MigratorConfig.Builder config = applied();
        db.execute("CREATE DATABASE migrator_trace_20200101000000_0badcafe");
        String recent = LockTrace.PREFIX
                + java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
                        .format(java.time.LocalDateTime.now(java.time.ZoneOffset.UTC))
                + "_00000000";
        db.execute("CREATE DATABASE " + recent);
        try {
            dir.migration("V3__index.sql", "CREATE INDEX items_name ON items (name);");

            trace(config);

            assertThat(scratchDatabases()).containsExactly(recent);
        } finally {
            db.execute("DROP DATABASE IF EXISTS " + recent);
        }
    }
}
