package io.lucidity.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.cli.support.Cli;
import io.lucidity.migrator.cli.support.Run;
import io.lucidity.migrator.cli.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * No password in any output. A role with a known password connects through every password source; every run's
 * stdout and stderr is checked by {@link Cli} for that password (and the superuser's).
 */
class SecretsIT {
    private final TestDatabase db = new TestDatabase();
    private final String role =
            "cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String password = "Pw-" + UUID.randomUUID() + "-known";

    SecretsIT() throws Exception {
        Cli.secret(password);
        db.execute("CREATE ROLE " + role + " LOGIN SUPERUSER PASSWORD '" + password + "'");
    }

    private Cli cli() {
        return Cli.create().env(Cli.examples()).env("MIGRATOR_URL", db.url()).env("MIGRATOR_USER", role);
    }

    @Test
    void passwordFromEachSourceNeverAppears() {
        cli().env("PGPASSWORD", password).run("upgrade").ok();
        cli().env("MIGRATOR_PASSWORD", password).run("status").ok();
        Path file = Cli.write(Cli.tempDirectory("migrator-secret").resolve("password"), password + "\n");
        cli().run("history", "--password-file", file.toString()).ok();
        cli().env("MIGRATOR_PASSWORD_FILE", file.toString())
                .run("current", "--verbose", "--json")
                .ok();
        cli().env("PGPASSWORD", password).run("check", "--json").ok();
        cli().env("PGPASSWORD", password).run("plan", "--json").ok();
        cli().env("PGPASSWORD", password)
                .run(
                        "backup",
                        Cli.tempDirectory("migrator-secret-backup")
                                .resolve("b.dump")
                                .toString(),
                        "--json")
                .ok();
    }

    @Test
    void passwordInsideTheUrlIsMasked() {
        String url = db.url() + "?user=" + role + "&password=" + password;
        cli().unset("MIGRATOR_USER")
                .env("MIGRATOR_URL", url)
                .run("upgrade", "--json")
                .ok();

        Run wrongDatabase = cli().unset("MIGRATOR_USER")
                .env("MIGRATOR_URL", db.url() + "_missing?user=" + role + "&password=" + password)
                .run("status")
                .exits(5);
        assertThat(wrongDatabase.stderr()).contains("MIGRATOR-NO-DATABASE", "password=<masked>");

        Run debug = cli().unset("MIGRATOR_USER")
                .env("MIGRATOR_URL", db.url() + "_missing?user=" + role + "&password=" + password)
                .run("status", "--debug")
                .exits(5);
        assertThat(debug.stderr()).contains("\tat ");

        Run json = cli().unset("MIGRATOR_USER")
                .env("MIGRATOR_URL", db.url() + "_missing?user=" + role + "&password=" + password)
                .run("status", "--json")
                .exits(5);
        assertThat(json.json().get("error").get("facts").get("url").asText()).endsWith("password=<masked>");
    }

    @Test
    void aUrlTheDriverCannotReadIsRefusedAtOnceWithoutAFragmentOfItsPassword() {
        String first = "Frag" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String second = "Tail" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Cli.secret(first); // every run checks its stdout and stderr for each
        Cli.secret(second);
        String percent = db.url() + "?user=" + role + "&password=" + first + "%zz&" + second;
        String trailing = db.url() + "?user=" + role + "&password=" + first + "&" + second + "%2";

        Run status = cli().unset("MIGRATOR_USER")
                .env("MIGRATOR_URL", percent)
                .env("MIGRATOR_CONNECT_TIMEOUT", "20s")
                .run("status")
                .exits(2);
        Run debug = cli().unset("MIGRATOR_USER")
                .env("MIGRATOR_URL", trailing)
                .env("MIGRATOR_CONNECT_TIMEOUT", "20s")
                .run("upgrade", "--debug")
                .exits(2);
        Run json = cli().env("PGPASSWORD", password)
                .env("MIGRATOR_MIGRATION_URL", percent)
                .env("MIGRATOR_CONNECT_TIMEOUT", "20s")
                .run("upgrade", "--json")
                .exits(2);

        for (Run run : List.of(status, debug, json)) {
            assertThat(run.took())
                    .as("refused at once, not retried until connect-timeout: %s", run)
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(run.stderr())
                    .as(run.toString())
                    .contains(
                            "MIGRATOR-CONFIG",
                            "cannot be read by the PostgreSQL driver",
                            "password=<masked>",
                            "percent-encode",
                            "MIGRATOR_PASSWORD",
                            "PGPASSWORD",
                            "--password-file");
        }
        assertThat(json.json().get("error").get("facts").get("setting").asText())
                .isEqualTo("migration-url");
    }

    @Test
    void aRejectedPasswordIsNotRepeated() {
        String wrong = "Wrong-" + UUID.randomUUID();
        Cli.secret(wrong);

        Run rejected = cli().env("PGPASSWORD", wrong).run("upgrade", "--debug").exits(5);

        assertThat(rejected.stderr())
                .contains("MIGRATOR-AUTH", "password authentication failed for user \"" + role + "\"");
    }
}
