package io.lucidity.migrator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.reliability.support.Db;
import io.lucidity.migrator.reliability.support.UpgradeProcess;
import io.lucidity.migrator.reliability.support.Upgrades;
import io.lucidity.migrator.testsupport.ChildJvm;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inputs the fuzzer found, kept as regression tests. Each runs in a separate JVM that is killed when it does not
 * finish, so that a hang fails the test without leaving a spinning thread in the test JVM.
 */
class FuzzFindingsTest {

    /**
     * 296 bytes of random CJK/Hangul text (src/test/resources/fuzz/parser-hang.sql) on which the SQL parser never
     * returns: found by {@link FuzzTest#anyBytesAsASeedFileAreLoadedOrGiveADiagnostic}. An upgrade must end with a
     * diagnostic, not spin for ever while holding the migration lock.
     */
    @ParameterizedTest(name = "as {0}")
    @ValueSource(strings = {"seed/01_x.sql", "migration/V1__x.sql"})
    void textTheSqlParserCannotSplitEndsWithADiagnosticInsteadOfHanging(String file) throws Exception {
        byte[] content;
        try (InputStream in = FuzzFindingsTest.class.getResourceAsStream("/fuzz/parser-hang.sql")) {
            content = in.readAllBytes();
        }
        try (Db db = new Db();
                MigrationFiles scripts = new MigrationFiles()) {
            if (file.startsWith("seed/")) {
                scripts.seed(file.substring(5), content);
            } else {
                scripts.migration(file.substring(10), content);
            }
            Map<String, String> env = Upgrades.env(db, scripts, "fuzz-finding");
            if (TestServer.vector()) {
                env.put("MIGRATOR_EXTENSIONS", "");
            }
            try (ChildJvm.Child child = Upgrades.start(env)) {
                ChildJvm.Finished run = child.await(Duration.ofSeconds(30));
                assertThat(run.exitCode()).as(run.toString()).isNotEqualTo(UpgradeProcess.UNEXPECTED);
                assertThat(run.exitCode() == 0 || run.stdout().startsWith("MIGRATOR-"))
                        .as(run.toString())
                        .isTrue();
            }
            assertThat(db.count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"))
                    .as("no migration lock left")
                    .isZero();
        }
    }
}
