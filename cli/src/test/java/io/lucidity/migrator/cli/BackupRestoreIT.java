package io.lucidity.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lucidity.migrator.cli.support.Cli;
import io.lucidity.migrator.cli.support.Run;
import io.lucidity.migrator.cli.support.TestDatabase;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed runbook as commands: back up, upgrade, roll back by restoring. */
class BackupRestoreIT {
    private final TestDatabase db = new TestDatabase();
    private final MigrationFiles migrations =
            new MigrationFiles().migration("V1__create_notes.sql", "CREATE TABLE notes (body text NOT NULL);");
    private final Cli cli = db.cli().env(migrations.env());
    private final Path dir = Cli.tempDirectory("migrator-backups");

    @Test
    void restoreRollsBackAnUpgradeToTheBackedUpRevision() throws Exception {
        cli.run("upgrade").ok();
        db.execute("INSERT INTO notes VALUES ('before')");
        Path file = dir.resolve("before-v2.dump");

        Run backup = cli.run("backup", file.toString()).ok();

        assertThat(backup.stdout()).contains("Backed up database " + db.name() + " at revision 1 to " + file);
        assertThat(Files.size(file)).isPositive();
        assertThat(new ObjectMapper()
                        .readTree(file.resolveSibling("before-v2.dump.json").toFile())
                        .get("revision")
                        .asText())
                .isEqualTo("1");

        migrations.migration("V2__notes_author.sql", "ALTER TABLE notes ADD COLUMN author text;");
        cli.run("upgrade").ok();
        db.execute("INSERT INTO notes VALUES ('after', 'someone')");

        Run restore = cli.run("restore", file.toString()).ok();

        assertThat(restore.lines()).contains("revision: 1 (was 2)");
        assertThat(cli.run("current").ok().stdout()).isEqualTo("1\n");
        assertThat(db.column("SELECT body FROM notes")).containsExactly("before");
        assertThat(db.value("SELECT count(*) FROM information_schema.columns WHERE table_name = 'notes' "
                        + "AND column_name = 'author'"))
                .isEqualTo("0");
        assertThat(cli.run("upgrade").ok().stdout()).contains("from 1 to 2");
    }

    @Test
    void restoreWarnsAboutTablesTheBackupDoesNotHold() throws Exception {
        cli.run("upgrade").ok();
        Path file = dir.resolve("v1.dump");
        cli.run("backup", file.toString()).ok();
        db.execute("CREATE TABLE created_later (id int)");

        Run restore = cli.run("restore", file.toString()).ok();

        assertThat(restore.stderr())
                .contains("warning: Left in place, not in the backup (created after it?): public.created_later");
    }

    @Test
    void upgradeWithBackupBacksUpBeforeMigrating() throws Exception {
        Path file = dir.resolve("pre-upgrade.dump");

        Run upgrade = cli.run("upgrade", "--backup", file.toString()).ok();

        List<String> progress = upgrade.stderr().lines().toList();
        int backupLine = indexOfPrefix(progress, "backup " + file + ": revision base");
        int migrationLine = indexOfPrefix(progress, "migration V1 create notes");
        assertThat(backupLine).isNotNegative().isLessThan(migrationLine);
        assertThat(Files.size(file)).isPositive();
        assertThat(cli.run("current").ok().stdout()).isEqualTo("1\n");
    }

    @Test
    void missingPgDumpIsAClearError() throws Exception {
        Path empty = Cli.tempDirectory("migrator-no-pg-bin");
        Path file = dir.resolve("never.dump");

        Run backup = cli.env("MIGRATOR_PG_BIN", empty.toString())
                .run("backup", file.toString())
                .exits(1);

        assertThat(backup.stderr())
                .contains(
                        "No pg_dump was found",
                        "MIGRATOR_PG_BIN=" + empty,
                        "Fix: Install the PostgreSQL " + TestServer.shared().majorVersion() + " client tools")
                .doesNotContain("\tat ");
        assertThat(file).doesNotExist();
    }

    @Test
    void pgDumpOfAnotherMajorVersionIsRefused() throws Exception {
        Path bin = Cli.tempDirectory("migrator-old-pg-bin");
        for (String tool : List.of("pg_dump", "pg_restore")) {
            Path script = Cli.write(bin.resolve(tool), "#!/bin/sh\necho '" + tool + " (PostgreSQL) 9.6.24'\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        Run backup = cli.env("MIGRATOR_PG_BIN", bin.toString())
                .run("upgrade", "--backup", dir.resolve("x.dump").toString())
                .exits(1);

        assertThat(backup.stderr())
                .contains(
                        "No pg_dump of the server's major version "
                                + TestServer.shared().majorVersion(),
                        bin.resolve("pg_dump") + " (9.6)");
        assertThat(db.exists("notes"))
                .as("no upgrade without the backup asked for")
                .isFalse();
    }

    @Test
    void restoringAMissingFileIsAUsageError() {
        Run restore =
                cli.run("restore", dir.resolve("nothing-here.dump").toString()).exits(2);

        assertThat(restore.stderr()).contains("MIGRATOR-CONFIG", "does not exist or cannot be read");
    }

    @Test
    void thePasswordReachesPgDumpAndPgRestoreThroughTheirEnvironmentOnly() throws Exception {
        Path realBin = TestServer.shared().provider() == io.lucidity.migrator.embedded.EmbeddedPostgres.Provider.LOCAL
                ? TestServer.shared().binDirectory()
                : Path.of("/usr/lib/postgresql/" + TestServer.shared().majorVersion() + "/bin");
        Path bin = Cli.tempDirectory("migrator-spy-pg-bin");
        Path log = bin.resolve("calls.log");
        for (String tool : List.of("pg_dump", "pg_restore")) {
            Path script = Cli.write(
                    bin.resolve(tool),
                    "#!/bin/sh\n"
                            + "echo \"" + tool + " $*\" >> '" + log + "'\n"
                            + "[ -n \"$PGPASSWORD\" ] && echo \"" + tool + " has PGPASSWORD\" >> '" + log + "'\n"
                            + "exec '" + realBin.resolve(tool) + "' \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        cli.env("MIGRATOR_PG_BIN", bin.toString()).run("upgrade").ok();
        Path file = dir.resolve("spied.dump");

        cli.run("backup", file.toString()).ok();
        cli.run("restore", file.toString()).ok();

        String calls = Files.readString(log);
        assertThat(calls)
                .contains(
                        "pg_dump --format=custom",
                        "pg_dump has PGPASSWORD",
                        "pg_restore --clean --if-exists --single-transaction",
                        "pg_restore has PGPASSWORD")
                .doesNotContain(db.password());
    }

    private static int indexOfPrefix(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
