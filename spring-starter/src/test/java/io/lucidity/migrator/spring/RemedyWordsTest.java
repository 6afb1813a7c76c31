package io.lucidity.migrator.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.testsupport.LockKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A context that fails to start: the failure analyzer's action names the setting as a {@code migrator.*} property. */
class RemedyWordsTest {
    private final TestDatabase db = TestDatabase.create();

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() throws IOException {
        Files.createDirectories(dir.resolve("migration"));
        Files.createDirectories(dir.resolve("seed"));
        Files.writeString(dir.resolve("migration/V1__a.sql"), "CREATE TABLE a (id int PRIMARY KEY, v text);");
        return new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(DataSourceAutoConfiguration.class, MigratorAutoConfiguration.class))
                .withPropertyValues(db.dataSourceProperties())
                .withPropertyValues(
                        "migrator.locations=filesystem:" + dir.resolve("migration"),
                        "migrator.seed-locations=filesystem:" + dir.resolve("seed"),
                        "migrator.extensions=none");
    }

    @Test
    void aLockTimeoutSaysMigratorLockTimeout() throws Exception {
        ApplicationContextRunner runner = runner();
        try (Connection holder = db.server().connect(db.name());
                Statement s = holder.createStatement()) {
            s.execute(LockKey.lockSql("public"));
            runner.withPropertyValues("migrator.lock-timeout=1s").run(context -> {
                FailureAnalysis analysis = new MigratorFailureAnalyzer().analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains(DiagnosticCode.LOCK_TIMEOUT.code());
                assertThat(analysis.getAction())
                        .contains("raise migrator.lock-timeout.")
                        .doesNotContain("MIGRATOR_LOCK_TIMEOUT", "lockTimeout(", "--lock-timeout");
            });
        }
    }

    @Test
    void aMissingSeedVariableSaysMigratorSeedVariables() throws Exception {
        ApplicationContextRunner runner = runner();
        Files.writeString(
                dir.resolve("seed/01_a.json"),
                "{\"table\": \"a\", \"key\": [\"id\"], \"rows\": [{\"id\": 1, \"v\": \"${env:NOT_SET_SPRING_REMEDY_8e}\"}]}");
        runner.run(context -> {
            FailureAnalysis analysis = new MigratorFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains(DiagnosticCode.SEED_VARIABLE_MISSING.code());
            assertThat(analysis.getAction())
                    .contains("Set NOT_SET_SPRING_REMEDY_8e in the environment of the application, "
                            + "or set migrator.seed-variables.NOT_SET_SPRING_REMEDY_8e;")
                    .doesNotContain("seedVariable", "in code");
        });
        assertThat(db.count("SELECT count(*) FROM pg_tables WHERE tablename = 'a'"))
                .as("refused before V1 ran")
                .isZero();
    }

    @Test
    void aMissingExtensionSaysMigratorExtensions() throws Exception {
        runner().withPropertyValues("migrator.extensions=no_such_extension_8e").run(context -> {
            FailureAnalysis analysis = new MigratorFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains(DiagnosticCode.EXTENSION_MISSING.code());
            assertThat(analysis.getAction())
                    .contains("leave it out of migrator.extensions")
                    .doesNotContain("extensions(..)", "MIGRATOR_EXTENSIONS");
        });
    }
}
