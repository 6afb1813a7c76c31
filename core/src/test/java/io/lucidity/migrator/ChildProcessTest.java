package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.support.RestoreMain;
import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.ChildJvm;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * pg_dump and pg_restore never outlive the process that holds the migration lock: a JVM killed with SIGKILL
 * during a restore takes its pg_restore with it; a tool that ends normally reports its own exit code and stderr.
 */
class ChildProcessTest {
    private final TestDb db = new TestDb();
    private final MigrationFiles dir = new MigrationFiles();
    private final String application =
            "restore-victim-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void cleanUp() {
        db.close();
        dir.close();
    }

    @Test
    void sigkillOfTheJvmDuringARestoreEndsItsPgRestoreAndTheRestoreDoesNotHappen() throws Exception {
        Path archive = backupOfANotesTable();
        db.execute("INSERT INTO notes VALUES ('written after the backup')");
        try (Connection blocker = db.connect();
                Statement s = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            s.execute("LOCK TABLE notes IN ACCESS EXCLUSIVE MODE"); // pg_restore --clean waits at DROP TABLE notes
            try (ChildJvm.Child jvm = restoreInAnotherJvm(archive, Map.of()).start()) {
                waitUntil(
                        "pg_restore to wait for the table lock",
                        () -> "1"
                                .equals(db.value("SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                                        + application + "' "
                                        + "AND wait_event_type = 'Lock' AND query LIKE 'DROP TABLE%notes%'")));
                List<ProcessHandle> pgRestore = jvm.handle()
                        .descendants()
                        .filter(p -> p.info().command().orElse("").endsWith("/pg_restore"))
                        .toList();
                assertThat(pgRestore).as("the JVM's pg_restore").hasSize(1);

                jvm.kill(); // SIGKILL on Linux: no shutdown hook, no finally block runs

                waitUntil(
                        "pg_restore to end with the JVM that started it",
                        () -> !pgRestore.get(0).isAlive());
            } finally {
                blocker.rollback();
            }
        }
        waitUntil(
                "the restore's sessions to end",
                () -> "0"
                        .equals(db.value("SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                                + application + "'")));
        assertThat(db.column("SELECT body FROM notes ORDER BY body"))
                .as("the killed restore changed nothing")
                .containsExactly("before the backup", "written after the backup");
    }

    @Test
    void aFailingPgRestoreReportsItsOwnExitCodeAndStandardError() throws Exception {
        Path archive = backupOfANotesTable();
        Path realBin = Path.of(db.value("SELECT setting FROM pg_config WHERE name = 'BINDIR'"));
        Path bin = Files.createDirectories(dir.root().resolve("bin"));
        script(bin.resolve("pg_dump"), "exec '" + realBin.resolve("pg_dump") + "' \"$@\"");
        script(
                bin.resolve("pg_restore"),
                "case \"$1\" in --list) exec '" + realBin.resolve("pg_restore") + "' \"$@\";; esac\n"
                        + "echo 'pg_restore: error: the disk caught fire' >&2\nexit 7");

        String out = restoreInAnotherJvm(archive, Map.of("MIGRATOR_PG_BIN", bin.toString()))
                .mergeOutput()
                .run(Duration.ofSeconds(60))
                .stdout();

        assertThat(out)
                .contains(
                        "MIGRATOR-BACKUP",
                        "pg_restore failed (exit 7)",
                        "error: pg_restore: error: the disk caught fire")
                .doesNotContain(TestServer.shared().password());
        assertThat(db.column("SELECT body FROM notes")).containsExactly("before the backup");
    }

    private Path backupOfANotesTable() throws Exception {
        db.execute("CREATE TABLE notes (body text NOT NULL); INSERT INTO notes VALUES ('before the backup')");
        Path archive = dir.root().resolve("notes.dump");
        try (Migrator migrator = db.configure(dir).load()) {
            migrator.backup(archive);
        }
        return archive;
    }

    /**
     * A JVM restoring {@code archive}; its environment is its own but for MIGRATOR_PG_BIN (set by the pg18 profile:
     * the tools of the server's version), unless {@code env} replaces it.
     */
    private ChildJvm restoreInAnotherJvm(Path archive, Map<String, String> env) {
        return ChildJvm.of(RestoreMain.class)
                .args(db.url(), db.user(), dir.locations(), archive.toString())
                .env("MIGRATOR_PASSWORD", db.password())
                .env("MIGRATOR_APPLICATION_NAME", application)
                .env(env);
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void waitUntil(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 30 s for " + what);
            }
            Thread.sleep(50);
        }
    }

    private interface Check {
        boolean ok() throws Exception;
    }
}
