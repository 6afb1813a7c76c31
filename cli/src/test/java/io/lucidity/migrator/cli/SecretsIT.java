package io.lucidity.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.cli.support.Cli;
import io.lucidity.migrator.cli.support.Migrations;
import io.lucidity.migrator.cli.support.Run;
import io.lucidity.migrator.cli.support.TestDatabase;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * No password in any output. A role with a known password connects through every password source; every run's
 * stdout and stderr is checked by {@link Cli} for that password (and the superuser's).
 */
class SecretsIT {
    private final TestDatabase db = new TestDatabase();
    private final String role = "cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String password = "Pw-" + UUID.randomUUID() + "-known";

    SecretsIT() throws Exception {
        Cli.secret(password);
        db.execute("CREATE ROLE " + role + " LOGIN SUPERUSER PASSWORD '" + password + "'");
    }

    private Cli cli() {
        return Cli.create().env(Migrations.examples()).env("MIGRATOR_URL", db.url()).env("MIGRATOR_USER", role);
    }

    @Test
    void passwordFromEachSourceNeverAppears() {
        cli().env("PGPASSWORD", password).run("upgrade").ok();
        cli().env("MIGRATOR_PASSWORD", password).run("status").ok();
        Path file = Cli.write(Cli.tempDirectory("migrator-secret").resolve("password"), password + "\n");
        cli().run("history", "--password-file", file.toString()).ok();
        cli().env("MIGRATOR_PASSWORD_FILE", file.toString()).run("current", "--verbose", "--json").ok();
        cli().env("PGPASSWORD", password).run("check", "--json").ok();
        cli().env("PGPASSWORD", password).run("plan", "--json").ok();
        cli().env("PGPASSWORD", password)
                .run("backup", Cli.tempDirectory("migrator-secret-backup").resolve("b.dump").toString(), "--json").ok();
    }

    @Test
    void passwordInsideTheUrlIsMasked() {
        String url = db.url() + "?user=" + role + "&password=" + password;
        cli().unset("MIGRATOR_USER").env("MIGRATOR_URL", url).run("upgrade", "--json").ok();

        Run wrongDatabase = cli().unset("MIGRATOR_USER")
                .env("MIGRATOR_URL", db.url() + "_missing?user=" + role + "&password=" + password).run("status").exits(5);
        assertThat(wrongDatabase.stderr()).contains("MIGRATOR-NO-DATABASE", "password=<masked>");

        Run debug = cli().unset("MIGRATOR_USER")
                .env("MIGRATOR_URL", db.url() + "_missing?user=" + role + "&password=" + password).run("status", "--debug")
                .exits(5);
        assertThat(debug.stderr()).contains("\tat ");

        Run json = cli().unset("MIGRATOR_USER")
                .env("MIGRATOR_URL", db.url() + "_missing?user=" + role + "&password=" + password).run("status", "--json")
                .exits(5);
        assertThat(json.json().get("error").get("facts").get("url").asText()).endsWith("password=<masked>");
    }

    @Test
    void aRejectedPasswordIsNotRepeated() {
        String wrong = "Wrong-" + UUID.randomUUID();
        Cli.secret(wrong);

        Run rejected = cli().env("PGPASSWORD", wrong).run("upgrade", "--debug").exits(5);

        assertThat(rejected.stderr()).contains("MIGRATOR-AUTH", "password authentication failed for user \"" + role + "\"");
    }
}
