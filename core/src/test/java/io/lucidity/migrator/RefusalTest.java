package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lucidity.migrator.embedded.EmbeddedPostgres;
import io.lucidity.migrator.embedded.ProcessResult;
import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RefusalTest {
    private final TestDb db = new TestDb();
    private final MigrationFiles dir = new MigrationFiles();

    @AfterEach
    void cleanUp() {
        db.close();
        dir.close();
    }

    private UpgradeReport upgrade() {
        try (Migrator migrator = db.configure(dir).load()) {
            return migrator.upgradeToHead();
        }
    }

    private MigratorException refusal(MigratorConfig.Builder builder) {
        try (Migrator migrator = builder.load()) {
            migrator.upgradeToHead();
        } catch (MigratorException e) {
            return e;
        }
        throw new AssertionError("the upgrade was expected to be refused");
    }

    @Test
    void aGroupTooBigForTheServersLockTableNamesTransactionModeAndLeavesNothing() throws Exception {
        dir.migration("V1__create_items.sql", "CREATE TABLE items (id int);")
                .migration(
                        "V2__lock_everything.sql",
                        "SELECT count(pg_advisory_xact_lock(g)) FROM generate_series(1, 5000000) g;");
        try (Migrator migrator = db.configure(dir).load()) {
            assertThatThrownBy(migrator::upgradeToHead).isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                assertThat(e.code()).isEqualTo(DiagnosticCode.MIGRATION_FAILED);
                assertThat(e.facts()).containsEntry("SQLState", "53200");
                assertThat(e.getMessage()).contains("more locks than the server's lock table holds");
                assertThat(e.remedy())
                        .contains("transactionMode(TransactionMode.PER_MIGRATION)", "max_locks_per_transaction");
            });
        }
        assertThat(db.value("SELECT to_regclass('items') IS NULL")).isEqualTo("t");
    }

    @Test
    void aFailedConcurrentUniqueIndexIsRefusedOnRestartNamingTheInvalidIndex() throws Exception {
        dir.migration(
                        "V1__emails.sql",
                        "CREATE TABLE emails (address text);\nINSERT INTO emails VALUES ('a@x'), ('a@x'), ('b@x');")
                .migration(
                        "V2__unique.sql", "CREATE UNIQUE INDEX CONCURRENTLY emails_address_key ON emails (address);");
        MigratorException first = refusal(db.configure(dir));
        assertThat(first).isInstanceOf(PartialMigrationException.class);
        assertThat(first.code()).isEqualTo(DiagnosticCode.PARTIAL_MIGRATION);
        assertThat(first.facts().get("invalid indexes")).contains("emails_address_key");
        assertThat(first.facts().get("recorded outcome")).contains("23505");
        assertThat(db.value("SELECT version FROM flyway_schema_history ORDER BY installed_rank DESC LIMIT 1"))
                .isEqualTo("1");

        MigratorException restart = refusal(db.configure(dir));
        assertThat(restart.code()).isEqualTo(DiagnosticCode.PARTIAL_MIGRATION);
        assertThat(restart.code().exitCode()).isEqualTo(4);
        assertThat(restart.facts().get("index emails_address_key")).contains("INVALID");
        assertThat(restart.remedy())
                .contains("DROP INDEX CONCURRENTLY IF EXISTS public.emails_address_key", "`migrator.repair()`");

        // Follow the remedy: drop the index, fix the data, repair, start again.
        db.execute("DROP INDEX CONCURRENTLY IF EXISTS public.emails_address_key");
        db.execute("DELETE FROM emails WHERE ctid NOT IN (SELECT min(ctid) FROM emails GROUP BY address)");
        try (Migrator migrator = db.configure(dir).load()) {
            assertThat(migrator.repair().unfinishedClosed()).isEqualTo(1);
            assertThat(migrator.upgradeToHead().toRevision()).isEqualTo("2");
        }
        assertThat(db.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 'emails_address_key'::regclass"))
                .isEqualTo("t");
    }

    @Test
    void aConnectionLostDuringAConcurrentIndexBuildIsDetectedAtTheNextStart() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);\nINSERT INTO t SELECT generate_series(1, 100);")
                .migration("V2__index.sql", "CREATE INDEX CONCURRENTLY t_id_idx ON t (id);");
        try (Migrator first = db.configure(dir).load()) {
            first.upgradeTo("1");
        }
        try (Migrator migrator = db.configure(dir).ddlLockTimeout(Duration.ZERO).load();
                Connection blocker = db.connect();
                Statement s = blocker.createStatement()) {
            // An open transaction with a snapshot makes CREATE INDEX CONCURRENTLY wait (after it created the index
            // entry).
            blocker.setAutoCommit(false);
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            s.execute("SELECT count(*) FROM t");
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<UpgradeReport> upgrade = pool.submit(migrator::upgradeToHead);
                String pid = waitForValue(
                        "SELECT pid FROM pg_stat_activity WHERE query LIKE 'CREATE INDEX CONCURRENTLY%' AND pid <> pg_backend_pid()");
                db.execute("SELECT pg_terminate_backend(" + pid + ")");
                assertThatThrownBy(() -> upgrade.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(MigratorException.class);
            } finally {
                pool.shutdownNow();
                blocker.rollback();
            }
        }
        MigratorException restart = refusal(db.configure(dir));
        assertThat(restart.code()).isEqualTo(DiagnosticCode.PARTIAL_MIGRATION);
        assertThat(restart.facts().get("recorded outcome")).contains("no end recorded");
        assertThat(restart.facts().get("statement running")).contains("CREATE INDEX CONCURRENTLY t_id_idx");
        assertThat(restart.facts().get("index t_id_idx")).contains("INVALID");
        assertThat(restart.remedy()).contains("DROP INDEX CONCURRENTLY IF EXISTS public.t_id_idx");
    }

    @Test
    void aFailedRowInTheHistoryIsRefused() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);").migration("V2__u.sql", "CREATE TABLE u (id int);");
        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeTo("1");
        }
        db.execute(
                "INSERT INTO flyway_schema_history VALUES (2, '2', 'u', 'SQL', 'V2__u.sql', 1, 'flyway', now(), 5, false)");
        MigratorException e = refusal(db.configure(dir));
        assertThat(e).isInstanceOf(PartialMigrationException.class);
        assertThat(e.code()).isEqualTo(DiagnosticCode.FAILED_MIGRATION);
        assertThat(e.facts().get("failed migrations")).contains("V2", "V2__u.sql");
        assertThat(e.remedy()).contains("`migrator.repair()`");
    }

    @Test
    void aChangedAppliedMigrationIsRefusedUntilRepaired() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        upgrade();
        dir.migration("V1__t.sql", "CREATE TABLE t (id bigint);");
        MigratorException e = refusal(db.configure(dir));
        assertThat(e).isInstanceOf(ChecksumMismatchException.class);
        assertThat(e.code().code()).isEqualTo("MIGRATOR-CHECKSUM");
        assertThat(e.facts().get("changed")).contains("V1", "V1__t.sql");
        assertThat(e.remedy()).contains("`migrator.repair()`");
        try (Migrator migrator = db.configure(dir).load()) {
            assertThat(migrator.repair().realigned()).containsExactly("1");
            assertThat(migrator.upgradeToHead().upToDate()).isTrue();
        }
    }

    @Test
    void olderCodeOnANewerSchemaIsRefusedUnlessTolerated() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);").migration("V2__u.sql", "CREATE TABLE u (id int);");
        upgrade();
        dir.removeMigration("V2__u.sql");
        MigratorException e = refusal(db.configure(dir));
        assertThat(e).isInstanceOf(SchemaAheadException.class);
        assertThat(e.code()).isEqualTo(DiagnosticCode.SCHEMA_AHEAD);
        assertThat(e.facts()).containsEntry("database revision", "2").containsEntry("newest in this build", "1");
        assertThat(e.remedy()).contains("set tolerateNewerSchema(true)");
        try (Migrator tolerant = db.configure(dir).tolerateNewerSchema(true).load()) {
            UpgradeReport report = tolerant.upgradeToHead();
            assertThat(report.toRevision()).isEqualTo("2");
            assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("newer"));
        }
    }

    @Test
    void aRemovedAppliedMigrationBelowHeadIsRefusedAsMissing() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);")
                .migration("V2__u.sql", "CREATE TABLE u (id int);")
                .migration("V3__v.sql", "CREATE TABLE v (id int);");
        upgrade();
        dir.removeMigration("V2__u.sql");
        MigratorException e = refusal(db.configure(dir));
        assertThat(e.code()).isEqualTo(DiagnosticCode.MISSING_MIGRATION);
        assertThat(e.facts().get("missing")).contains("V2");
    }

    @Test
    void aPendingMigrationOlderThanTheHeadIsRefusedUnlessOutOfOrderIsAllowed() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);").migration("V3__v.sql", "CREATE TABLE v (id int);");
        upgrade();
        dir.migration("V2__u.sql", "CREATE TABLE u (id int);");
        MigratorException e = refusal(db.configure(dir));
        assertThat(e).isExactlyInstanceOf(MigratorException.class);
        assertThat(e.code()).isEqualTo(DiagnosticCode.OUT_OF_ORDER);
        assertThat(e.facts().get("out of order")).contains("V2");
        assertThat(e.remedy()).contains("V4__", "outOfOrder(true)");
        assertThat(db.exists("u")).isFalse();
        try (Migrator migrator = db.configure(dir).outOfOrder(true).load()) {
            assertThat(migrator.upgradeToHead().migrations())
                    .extracting(AppliedMigration::version)
                    .containsExactly("2");
        }
    }

    @Test
    void aColumnThatAlreadyExistsPointsToStampAndTheRemedyWorks() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE documents (id int);");
        upgrade();
        db.execute("ALTER TABLE documents ADD COLUMN language text");
        dir.migration("V2__language.sql", "ALTER TABLE documents ADD COLUMN language text;");
        MigratorException e = refusal(db.configure(dir));
        assertThat(e).isExactlyInstanceOf(MigrationFailedException.class);
        assertThat(e.code()).isEqualTo(DiagnosticCode.OBJECT_EXISTS);
        assertThat(e.sqlState()).isEqualTo("42701");
        assertThat(e.remedy()).contains("applied by hand", "`migrator.stamp(\"2\")`");
        try (Migrator migrator = db.configure(dir).load()) {
            StampResult stamp = migrator.stamp("2");
            assertThat(stamp.before()).isEqualTo("1");
            assertThat(stamp.after()).isEqualTo("2");
            assertThat(migrator.upgradeToHead().upToDate()).isTrue();
        }
    }

    @Test
    void aTableAnEarlierMigrationCreatesNamesThatMigrationAndDoesNotSuggestStamp() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);")
                .migration(
                        "V2__t_again.sql",
                        "CREATE INDEX t_id ON t (id);\nCREATE TABLE IF NOT EXISTS x (id int);\nCREATE TABLE t (id int);");
        MigratorException e = refusal(db.configure(dir));
        assertThat(e.code()).isEqualTo(DiagnosticCode.OBJECT_EXISTS);
        assertThat(e.sqlState()).isEqualTo("42P07");
        assertThat(e.facts()).containsEntry("created earlier by", "V1 (V1__t.sql)");
        assertThat(e.remedy())
                .contains(
                        "Migration V1 (V1__t.sql) of this build already creates it",
                        "Correct ",
                        "V2__t_again.sql",
                        "Do not stamp")
                .doesNotContain("stamp(", "applied by hand");
        assertThat(db.exists("t")).as("rolled back with the group").isFalse();
    }

    @Test
    void aColumnAnEarlierAppliedMigrationDeclaresNamesThatMigration() throws Exception {
        dir.migration(
                "V1__documents.sql",
                "CREATE TABLE public.documents (\n  id int PRIMARY KEY,\n  title varchar(200),\n  \"language\" text\n);");
        upgrade();
        dir.migration("V2__language.sql", "ALTER TABLE documents ADD COLUMN language text;");
        MigratorException e = refusal(db.configure(dir));
        assertThat(e.code()).isEqualTo(DiagnosticCode.OBJECT_EXISTS);
        assertThat(e.sqlState()).isEqualTo("42701");
        assertThat(e.remedy())
                .contains("Migration V1 (V1__documents.sql) of this build already creates it")
                .doesNotContain("stamp(");
    }

    @Test
    void anIndexAnEarlierMigrationBuildsConcurrentlyNamesThatMigration() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int, email text);")
                .migration("V2__index.sql", "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"T_Email\" ON t (email);");
        upgrade();
        dir.migration("V3__index_again.sql", "CREATE INDEX \"T_Email\" ON t (email);");
        MigratorException e = refusal(db.configure(dir));
        assertThat(e.code()).isEqualTo(DiagnosticCode.OBJECT_EXISTS);
        assertThat(e.facts()).containsEntry("created earlier by", "V2 (V2__index.sql)");
        assertThat(e.remedy()).doesNotContain("stamp(");
    }

    @Test
    void aNameThatEarlierMigrationsUseOnlyForSomethingElseKeepsTheStampRemedy() throws Exception {
        dir.migration("V1__users.sql", "CREATE TABLE users (id int, t text);\nCREATE INDEX users_t ON users (t);");
        upgrade();
        db.execute("CREATE TABLE t (id int)");
        dir.migration("V2__t.sql", "CREATE TABLE t (id int);");
        MigratorException e = refusal(db.configure(dir));
        assertThat(e.code()).isEqualTo(DiagnosticCode.OBJECT_EXISTS);
        assertThat(e.facts()).doesNotContainKey("created earlier by");
        assertThat(e.remedy()).contains("applied by hand", "`migrator.stamp(\"2\")`");
    }

    @Test
    void anExistingTableBehindEarlierPendingMigrationsPointsToUpgradeTargetThenStamp() throws Exception {
        dir.migration("V1__a.sql", "CREATE TABLE a (id int);").migration("V2__b.sql", "CREATE TABLE b (id int);");
        db.execute("CREATE TABLE b (id int)");
        MigratorException e = refusal(db.configure(dir));
        assertThat(e.code()).isEqualTo(DiagnosticCode.OBJECT_EXISTS);
        assertThat(e.sqlState()).isEqualTo("42P07");
        assertThat(e.remedy()).contains("`migrator.upgradeTo(\"1\")`", "`migrator.stamp(\"2\")`");
        assertThat(db.exists("a")).as("rolled back with the group").isFalse();
    }

    @Test
    void aDdlLockTimeoutNamesTheBlockingSessionAndRollsBack() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        upgrade();
        dir.migration("V2__alter.sql", "CREATE TABLE side (id int);\nALTER TABLE t ADD COLUMN note text;");
        try (Connection blocker = db.connect();
                Statement s = blocker.createStatement()) {
            s.execute("SET application_name = 'report-job'");
            blocker.setAutoCommit(false);
            s.execute("SELECT * FROM t");
            String pid = db.value("SELECT pid FROM pg_stat_activity WHERE application_name = 'report-job'");
            long start = System.nanoTime();
            MigratorException e = refusal(db.configure(dir).ddlLockTimeout(Duration.ofSeconds(2)));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(e).isExactlyInstanceOf(MigrationFailedException.class);
            assertThat(e.code()).isEqualTo(DiagnosticCode.DDL_LOCK_TIMEOUT);
            assertThat(e.facts().get("blocking sessions")).contains("pid " + pid, "report-job", "SELECT * FROM t");
            assertThat(e.remedy()).contains("pg_terminate_backend(" + pid + ")");
            blocker.rollback();
        }
        assertThat(db.exists("side")).isFalse();
        assertThat(upgrade().toRevision()).isEqualTo("2");
    }

    @Test
    void aRoleWithoutCreateOnTheSchemaIsRefusedWithTheGrant() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        String role = "app_" + UUID.randomUUID().toString().substring(0, 8);
        db.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'Secr3t-app-pw';"
                + (TestServer.vector() ? " CREATE EXTENSION vector;" : ""));
        try {
            MigratorException e = refusal(TestDb.extensions(Migrator.configure()
                    .url(db.url())
                    .user(role)
                    .password("Secr3t-app-pw")
                    .locations(dir.locations())
                    .seedLocations()));
            assertThat(e).isExactlyInstanceOf(MigratorException.class);
            assertThat(e.code()).isEqualTo(DiagnosticCode.INSUFFICIENT_PRIVILEGE);
            assertThat(e.remedy()).contains("GRANT CREATE, USAGE ON SCHEMA \"public\"");
            assertThat(e.getMessage()).doesNotContain("Secr3t-app-pw");
        } finally {
            db.execute("DROP OWNED BY " + role + "; DROP ROLE " + role);
        }
    }

    @Test
    void aReadOnlyDatabaseIsRefused() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        db.execute("ALTER DATABASE " + db.name() + " SET default_transaction_read_only = on");
        MigratorException e = refusal(db.configure(dir));
        assertThat(e).isExactlyInstanceOf(MigratorException.class);
        assertThat(e.code()).isEqualTo(DiagnosticCode.READ_ONLY);
    }

    @Test
    void aHotStandbyIsRefusedPointingToThePrimary() throws Exception {
        EmbeddedPostgres server = TestServer.shared();
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        Path standby = Path.of(System.getProperty("java.io.tmpdir"), "migrator-standby-" + UUID.randomUUID());
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try {
            ProcessResult backup = server.runBinary(
                    List.of("pg_basebackup", "-D", standby.toString(), "-R", "-X", "stream", "-c", "fast"));
            assertThat(backup.exitCode()).as(backup.stderr()).isZero();
            ProcessResult start = server.runBinary(List.of(
                    "pg_ctl",
                    "-D",
                    standby.toString(),
                    "-l",
                    standby.resolve("log").toString(),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    "-p " + port + " -c unix_socket_directories=" + standby,
                    "start"));
            assertThat(start.exitCode()).as(start.stderr()).isZero();
            String url = "jdbc:postgresql://127.0.0.1:" + port + "/" + db.name();
            MigratorException e = refusal(TestDb.extensions(Migrator.configure()
                    .url(url)
                    .user(server.user())
                    .password(server.password())
                    .locations(dir.locations())
                    .seedLocations()));
            assertThat(e.code()).isEqualTo(DiagnosticCode.READ_ONLY);
            assertThat(e.facts()).containsEntry("pg_is_in_recovery()", "true");
            assertThat(e.remedy()).contains("primary");
        } finally {
            server.runBinary(List.of("pg_ctl", "-D", standby.toString(), "-w", "stop", "-m", "immediate"));
            try (var paths = Files.walk(standby)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aMisnamedFileInTheMigrationFolderIsAnErrorNotASkip() {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);")
                .migration("v2_lowercase.sql", "CREATE TABLE u (id int);");
        MigratorException e = refusal(db.configure(dir));
        assertThat(e).isExactlyInstanceOf(MigratorException.class);
        assertThat(e.code()).isEqualTo(DiagnosticCode.INVALID_NAME);
        assertThat(e.facts().get("file")).endsWith("v2_lowercase.sql");
        assertThat(e.facts().get("rule")).contains("V<version>__<description>.sql");
    }

    @Test
    void aDanglingSymlinkNamedLikeAMigrationIsRefusedNamingItsTarget() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        Path target = dir.root().resolve("elsewhere/V2__gone.sql");
        Files.createSymbolicLink(dir.root().resolve("migration/V2__gone.sql"), target);

        MigratorException e = refusal(db.configure(dir));

        assertThat(e.code()).isEqualTo(DiagnosticCode.UNREADABLE_FILE);
        assertThat(e.facts().get("file")).endsWith("migration/V2__gone.sql");
        assertThat(e.facts().get("found")).isEqualTo("a symbolic link to " + target + ", which does not exist");
        assertThat(e.remedy()).contains("Restore " + target);
        assertThat(db.exists("flyway_schema_history")).as("nothing ran").isFalse();
        assertThat(db.exists("t")).isFalse();
    }

    @Test
    @Timeout(60)
    void aFifoNamedLikeAMigrationIsRefusedWithoutBeingOpened() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        Path fifo = dir.root().resolve("migration/V2__pipe.sql");
        mkfifo(fifo);

        MigratorException e = refusal(db.configure(dir));

        assertThat(e.code()).isEqualTo(DiagnosticCode.UNREADABLE_FILE);
        assertThat(e.facts().get("file")).endsWith("migration/V2__pipe.sql");
        assertThat(e.facts().get("found")).isEqualTo("a FIFO (named pipe), not a regular file");
        assertThat(e.remedy()).contains("rm " + fifo);
        assertThat(db.exists("flyway_schema_history")).as("nothing ran").isFalse();
    }

    @Test
    void aDirectoryNamedLikeAMigrationIsRefused() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        Files.createDirectories(dir.root().resolve("migration/V2__add_index.sql"));

        MigratorException e = refusal(db.configure(dir));

        assertThat(e.code()).isEqualTo(DiagnosticCode.INVALID_NAME);
        assertThat(e.facts().get("file")).endsWith("migration/V2__add_index.sql");
        assertThat(e.facts().get("found")).isEqualTo("a directory");
        assertThat(e.remedy()).contains("Rename the directory");
        assertThat(db.exists("flyway_schema_history")).as("nothing ran").isFalse();
    }

    @Test
    @Timeout(60)
    void aFifoOrADirectoryNamedLikeASeedIsRefusedBeforeAnyMigrationRuns() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        mkfifo(dir.root().resolve("seed/01_pipe.json"));

        MigratorException fifo = refusal(db.configure(dir));

        assertThat(fifo.code()).isEqualTo(DiagnosticCode.UNREADABLE_FILE);
        assertThat(fifo.facts().get("file")).endsWith("seed/01_pipe.json");
        assertThat(fifo.facts().get("found")).isEqualTo("a FIFO (named pipe), not a regular file");
        Files.delete(dir.root().resolve("seed/01_pipe.json"));
        Files.createDirectories(dir.root().resolve("seed/02_users.yaml"));

        MigratorException directory = refusal(db.configure(dir));

        assertThat(directory.code()).isEqualTo(DiagnosticCode.INVALID_NAME);
        assertThat(directory.facts().get("file")).endsWith("seed/02_users.yaml");
        assertThat(directory.facts().get("found")).isEqualTo("a directory");
        assertThat(db.exists("flyway_schema_history")).as("nothing ran").isFalse();
    }

    @Test
    void aSymlinkToADirectoryInsideALocationIsRefusedNotSkipped() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        Path shared = Files.createDirectories(dir.root().resolve("shared"));
        Files.writeString(shared.resolve("V2__u.sql"), "CREATE TABLE u (id int);");
        Files.createSymbolicLink(dir.root().resolve("migration/more"), shared);

        MigratorException e = refusal(db.configure(dir));

        assertThat(e.code()).isEqualTo(DiagnosticCode.UNREADABLE_FILE);
        assertThat(e.facts().get("file")).endsWith("migration/more");
        assertThat(e.facts().get("found"))
                .isEqualTo("a symbolic link to the directory " + shared + ", which is not followed");
        assertThat(db.exists("flyway_schema_history")).as("nothing ran").isFalse();
    }

    @Test
    void aLocationThatIsASymlinkToADirectoryIsScannedThroughTheLink() throws Exception {
        dir.migration("V1__t.sql", "CREATE TABLE t (id int);");
        Path link = Files.createSymbolicLink(
                dir.root().resolve("current"), dir.root().resolve("migration"));

        try (Migrator migrator =
                db.configure(dir).locations("filesystem:" + link).load()) {
            assertThat(migrator.upgradeToHead().toRevision()).isEqualTo("1");
        }
        assertThat(db.exists("t")).isTrue();
    }

    private static void mkfifo(Path path) throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue())
                .as(new String(mkfifo.getInputStream().readAllBytes()))
                .isZero();
    }

    @Test
    void twoFilesWithTheSameVersionAreRefused() {
        dir.migration("V1__a.sql", "CREATE TABLE a (id int);").migration("V1.0__b.sql", "CREATE TABLE b (id int);");
        MigratorException e = refusal(db.configure(dir));
        assertThat(e.code()).isEqualTo(DiagnosticCode.DUPLICATE_VERSION);
        assertThat(e.getMessage()).contains("V1__a.sql", "V1.0__b.sql");
    }

    @Test
    void anEmptyOrUndecodableMigrationIsRefusedAndABomIsAccepted() throws Exception {
        dir.migration("V1__empty.sql", "-- nothing yet\n");
        assertThat(refusal(db.configure(dir)).getMessage())
                .contains("MIGRATOR-UNREADABLE", "contains no SQL statement");
        dir.removeMigration("V1__empty.sql")
                .migration(
                        "V1__latin1.sql",
                        "CREATE TABLE caf\u00e9 (id int);".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        MigratorException e = refusal(db.configure(dir));
        assertThat(e.code()).isEqualTo(DiagnosticCode.UNREADABLE_FILE);
        assertThat(e.facts()).containsEntry("first bad byte at offset", "16 (line 1)");
        assertThat(e.remedy()).contains("encoding=ISO-8859-1");
        assertThat(db.exists("flyway_schema_history")).isFalse();
        dir.removeMigration("V1__latin1.sql").migration("V1__bom.sql", "\uFEFFCREATE TABLE bom (id int);");
        assertThat(upgrade().toRevision()).isEqualTo("1");
    }

    @Test
    void aStatementThatCannotRunInATransactionBlockPointsToExecuteInTransaction() {
        dir.migration(
                "V1__hidden.sql",
                "DO $$ BEGIN EXECUTE 'CREATE DATABASE should_not_exist_' || floor(random()*1000)::int; END $$;");
        MigratorException e = refusal(db.configure(dir));
        assertThat(e.code()).isEqualTo(DiagnosticCode.MIGRATION_FAILED);
        assertThat(e.remedy()).contains("executeInTransaction=false");
    }

    private String waitForValue(String sql) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String v = db.value(sql);
            if (v != null) {
                return v;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no value for " + sql);
    }
}
