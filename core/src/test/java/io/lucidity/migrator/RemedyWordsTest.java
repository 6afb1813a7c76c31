package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.LockKey;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Through the Java API, a remedy names the setting as the builder method, never as a CLI option or variable. */
class RemedyWordsTest {
    private TestDb db;
    private MigrationFiles dir;

    @BeforeEach
    void setUp() {
        db = new TestDb();
        dir = new MigrationFiles().migration("V1__a.sql", "CREATE TABLE a (id int PRIMARY KEY, v text);");
    }

    @AfterEach
    void tearDown() {
        dir.close();
        db.close();
    }

    @Test
    void aLockTimeoutSaysLockTimeoutInCode() throws Exception {
        try (Connection holder = db.connect();
                Statement s = holder.createStatement()) {
            s.execute(LockKey.lockSql("public"));
            LockTimeoutException e;
            try (Migrator migrator =
                    db.configure(dir).lockTimeout(Duration.ofMillis(500)).load()) {
                e = catchThrowableOfType(LockTimeoutException.class, migrator::upgradeToHead);
            }
            assertThat(e.code()).isEqualTo(DiagnosticCode.LOCK_TIMEOUT);
            assertThat(e.remedy())
                    .contains("wait for it, or raise lockTimeout(..).")
                    .doesNotContain("MIGRATOR_", "lock-timeout");
        }
    }

    @Test
    void aMissingSeedVariableSaysSeedVariableInCode() {
        dir.seed(
                "01_a.json",
                "{\"table\": \"a\", \"key\": [\"id\"], \"rows\": [{\"id\": 1, \"v\": \"${env:NOT_SET_CODE_REMEDY_6a}\"}]}");
        SeedException e;
        try (Migrator migrator = db.configure(dir).load()) {
            e = catchThrowableOfType(SeedException.class, migrator::upgradeToHead);
        }
        assertThat(e.code()).isEqualTo(DiagnosticCode.SEED_VARIABLE_MISSING);
        assertThat(e.remedy())
                .isEqualTo(
                        "Set NOT_SET_CODE_REMEDY_6a in the environment of the application, or set "
                                + "seedVariable(\"NOT_SET_CODE_REMEDY_6a\", ..); or give a default in the seed: ${env:NOT_SET_CODE_REMEDY_6a:-value}.");
    }

    @Test
    void aMissingSeedDirectorySaysSeedLocationsInCode() {
        MigratorException e = catchThrowableOfType(MigratorException.class, () -> {
            try (Migrator migrator = db.configure(dir)
                    .seedLocations("filesystem:" + dir.root().resolve("no-such-dir"))
                    .load()) {
                migrator.upgradeToHead();
            }
        });
        assertThat(e.code()).isEqualTo(DiagnosticCode.UNREADABLE_FILE);
        assertThat(e.remedy()).isEqualTo("Create the directory, or correct the location (seedLocations(..)).");
    }

    @Test
    void aMissingExtensionSaysExtensionsInCode() {
        MigratorException e;
        try (Migrator migrator =
                db.configure(dir).extensions("no_such_extension_6a").load()) {
            e = catchThrowableOfType(MigratorException.class, migrator::upgradeToHead);
        }
        assertThat(e.code()).isEqualTo(DiagnosticCode.EXTENSION_MISSING);
        assertThat(e.remedy()).contains("leave it out of extensions(..)").doesNotContain("MIGRATOR_", "--extensions");
    }
}
