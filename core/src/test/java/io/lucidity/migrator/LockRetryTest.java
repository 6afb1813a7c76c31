package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lucidity.migrator.support.CapturedOutput;
import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ddl-lock-retries: a migration statement that hits ddl-lock-timeout is tried again after a pause (1 s, 2 s, ...)
 * while another session holds a conflicting lock, and the report says how many attempts it needed.
 */
class LockRetryTest {
    private final TestDb db = new TestDb();
    private final MigrationFiles dir = new MigrationFiles();

    @AfterEach
    void cleanUp() {
        db.close();
        dir.close();
    }

    private void establish() {
        dir.migration("V1__items.sql", "CREATE TABLE items (id int PRIMARY KEY, name text);");
        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeToHead();
        }
        db.execute("INSERT INTO items VALUES (1, 'a')");
    }

    private MigratorConfig.Builder politely(int retries) {
        return db.configure(dir).ddlLockTimeout(Duration.ofMillis(300)).ddlLockRetries(retries);
    }

    /** A session holding {@code mode} on items until {@link Holder#close} or {@code millis} (0: until closed). */
    private final class Holder {
        private final Connection c;
        private final CompletableFuture<Void> release;

        Holder(String mode, long millis) throws Exception {
            c = db.connect();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(mode.startsWith("INSERT") ? mode : "LOCK TABLE items IN " + mode + " MODE");
            }
            release = millis == 0
                    ? null
                    : CompletableFuture.runAsync(() -> {
                        try {
                            Thread.sleep(millis);
                            c.commit();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
        }

        void close() throws java.sql.SQLException {
            if (release != null) {
                release.join();
            }
            c.close();
        }
    }

    /** Upgrades to head while a session holds {@code mode} on items for {@code millis} (0: until the upgrade ends). */
    private UpgradeReport whileHeld(String mode, long millis, MigratorConfig.Builder config) throws Exception {
        Holder holder = new Holder(mode, millis);
        try (Migrator migrator = config.load()) {
            return migrator.upgradeToHead();
        } finally {
            holder.close();
        }
    }

    @Test
    void aStatementBlockedForLongerThanTheTimeoutGetsItsLockOnALaterAttemptAndTheReportSaysSo() throws Exception {
        establish();
        dir.migration("V2__note.sql", "-- a column\nALTER TABLE items ADD COLUMN note text;");
        UpgradeReport report = whileHeld("ACCESS SHARE", 1500, politely(5));

        assertThat(report.toRevision()).isEqualTo("2");
        assertThat(report.retries()).hasSize(1);
        LockRetry retry = report.retries().get(0);
        assertThat(retry.version()).isEqualTo("2");
        assertThat(retry.script()).isEqualTo("V2__note.sql");
        assertThat(retry.line()).isEqualTo(2);
        assertThat(retry.retries()).isGreaterThanOrEqualTo(1);
        assertThat(retry.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        assertThat(report.summary()).contains("Statements retried after ddl-lock-timeout: V2 (V2__note.sql) line 2");
        assertThat(report.toJson()).contains("\"retries\":[{\"version\":\"2\",\"script\":\"V2__note.sql\",\"line\":2");
        assertThat(db.column("SELECT column_name FROM information_schema.columns WHERE table_name = 'items'"))
                .contains("note");
        assertThat(db.appliedVersions()).containsExactly("1", "2");
    }

    @Test
    void withoutRetriesTheUpgradeRefusesAsBefore() throws Exception {
        establish();
        dir.migration("V2__note.sql", "ALTER TABLE items ADD COLUMN note text;");
        assertThatThrownBy(() -> whileHeld("ACCESS SHARE", 1500, politely(0)))
                .isInstanceOfSatisfying(MigratorException.class, e -> {
                    assertThat(e.code()).isEqualTo(DiagnosticCode.DDL_LOCK_TIMEOUT);
                    assertThat(e.facts()).doesNotContainKey("attempts");
                });
        assertThat(db.appliedVersions()).containsExactly("1");
    }

    @Test
    void whenTheRetriesRunOutTheDiagnosticGivesTheAttemptsAndTheSingleTransactionIsRolledBack() throws Exception {
        establish();
        dir.migration("V2__other.sql", "CREATE TABLE other (id int);\nINSERT INTO other VALUES (1);")
                .migration("V3__note.sql", "ALTER TABLE items ADD COLUMN note text;");
        assertThatThrownBy(() -> whileHeld("ACCESS SHARE", 0, politely(1)))
                .isInstanceOfSatisfying(MigratorException.class, e -> {
                    assertThat(e.code()).isEqualTo(DiagnosticCode.DDL_LOCK_TIMEOUT);
                    assertThat(e.summary()).contains("2 times");
                    assertThat(e.facts())
                            .containsEntry("attempts", "2 (ddlLockRetries(..): 1 retries, each after a pause)");
                    assertThat(e.facts().get("blocking sessions")).contains("LOCK TABLE items");
                });
        assertThat(db.exists("public.other")).isFalse();
        assertThat(db.appliedVersions()).containsExactly("1");
    }

    @Test
    void inTheSingleTransactionOnlyTheBlockedStatementIsRolledBackAndTriedAgain() throws Exception {
        establish();
        dir.migration("V2__other.sql", "CREATE TABLE other (id int);\nINSERT INTO other VALUES (1);")
                .migration("V3__note.sql", "INSERT INTO other VALUES (2);\nALTER TABLE items ADD COLUMN note text;");
        UpgradeReport report = whileHeld("ACCESS SHARE", 1500, politely(5).transactionMode(TransactionMode.SINGLE));

        assertThat(report.retries())
                .extracting(LockRetry::version, LockRetry::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("3", 2));
        assertThat(db.column("SELECT id::text FROM other ORDER BY id")).containsExactly("1", "2");
        assertThat(db.column("SELECT column_name FROM information_schema.columns WHERE table_name = 'items'"))
                .contains("note");
        assertThat(db.appliedVersions()).containsExactly("1", "2", "3");
        assertThat(db.value("SELECT count(*) FROM flyway_schema_history WHERE NOT success"))
                .isEqualTo("0");
    }

    @Test
    void createIndexConcurrentlyThatTimedOutAfterItsIndexWasInTheCatalogIsNotTriedAgain() throws Exception {
        establish();
        dir.migration("V2__index.sql", "CREATE INDEX CONCURRENTLY items_name ON items (name);");
        // A transaction that wrote to items: the build gets its lock, puts the index in the catalog, then waits for it.
        try (CapturedOutput output = CapturedOutput.start()) {
            assertThatThrownBy(() -> whileHeld("INSERT INTO items VALUES (2, 'b')", 0, politely(5)))
                    .isInstanceOfSatisfying(MigratorException.class, e -> {
                        assertThat(e.code()).isEqualTo(DiagnosticCode.PARTIAL_MIGRATION);
                        assertThat(e.remedy()).contains("DROP INDEX CONCURRENTLY IF EXISTS public.items_name");
                    });
            assertThat(output.text())
                    .contains("hit ddl-lock-timeout after it changed the catalog; not retried")
                    .doesNotContain("retry 1 of 5");
        }
        assertThat(db.value("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'items_name'::regclass"))
                .isEqualTo("false");
    }

    @Test
    void createIndexConcurrentlyThatTimedOutBeforeItsIndexExistedIsTriedAgain() throws Exception {
        establish();
        dir.migration("V2__index.sql", "CREATE INDEX CONCURRENTLY items_name ON items (name);");
        UpgradeReport report = whileHeld("SHARE UPDATE EXCLUSIVE", 1500, politely(5));

        assertThat(report.retries()).extracting(LockRetry::version).containsExactly("2");
        assertThat(db.value("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'items_name'::regclass"))
                .isEqualTo("true");
        assertThat(db.appliedVersions()).containsExactly("1", "2");
    }
}
