package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.support.UpgradeMain;
import io.lucidity.migrator.testsupport.ChildJvm;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code io.lucidity.migrator} at DEBUG, as a user turns it on (here slf4j-simple's
 * {@code org.slf4j.simpleLogger.log.io.lucidity.migrator=debug} in a process of its own): the plan, the lock key, the
 * probe's answer and each statement's timing; never a seed's {@code ${env:}} value.
 */
class DebugLoggingTest {
    private static final String TOKEN = "tok-9f3b-very-secret-7c1e";

    private final TestDb db = new TestDb();
    private final MigrationFiles dir = new MigrationFiles();

    @AfterEach
    void cleanUp() {
        db.close();
        dir.close();
    }

    @Test
    void debugShowsThePlanTheLockKeyTheProbesAnswerAndEachStatementsTimingWithoutSecrets() throws Exception {
        dir.migration(
                "V1__accounts.sql", "CREATE TABLE accounts (id int, token text);\n\nCREATE INDEX ON accounts (id);");
        dir.seed(
                "01_token.json",
                "{\"table\": \"accounts\", \"key\": [\"id\"], "
                        + "\"rows\": [{\"id\": 1, \"token\": \"${env:DEBUGTEST_TOKEN}\"}]}");
        dir.seed("02_count.sql", "CREATE TABLE IF NOT EXISTS seen (n int);\nINSERT INTO seen VALUES (1);");
        String first = run();
        assertThat(first)
                .contains("DEBUG")
                .contains("Probe: no history table")
                .contains("Plan: from revision base, 1 migration(s) pending: ")
                .contains("2 seed(s) to check: 01_token.json, 02_count.sql")
                .containsPattern("Taking the migration lock of schema public: advisory lock key -?\\d+")
                .containsPattern("V1__accounts\\.sql\\)? line 1: \\d+ ms")
                .containsPattern("V1__accounts\\.sql\\)? line 3: \\d+ ms")
                .containsPattern("Seed 02_count.sql line 2: \\d+ ms")
                .doesNotContain(TOKEN);
        assertThat(db.value("SELECT token FROM accounts")).isEqualTo(TOKEN);

        String second = run();
        assertThat(second)
                .containsPattern("Probe: found 1 applied migration\\(s\\) \\(digest \\w+\\).*expected 1 "
                        + "\\(digest \\w+\\).*: at the target, nothing to do")
                .doesNotContain(TOKEN);
    }

    private String run() {
        Map<String, String> env = new HashMap<>(Map.of("MIGRATOR_PASSWORD", db.password(), "DEBUGTEST_TOKEN", TOKEN));
        TestServer.extensions(env);
        ChildJvm.Finished run = ChildJvm.of(UpgradeMain.class)
                .options("-Dorg.slf4j.simpleLogger.log.io.lucidity.migrator=debug")
                .args(db.url(), db.user(), dir.locations(), dir.seeds())
                .env(env)
                .mergeOutput()
                .run(Duration.ofSeconds(60));
        assertThat(run.exitCode()).as(run.stdout()).isZero();
        return run.stdout();
    }
}
