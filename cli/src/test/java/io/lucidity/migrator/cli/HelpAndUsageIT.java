package io.lucidity.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.cli.support.Cli;
import io.lucidity.migrator.cli.support.Run;
import io.lucidity.migrator.cli.support.TestDatabase;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Help on every command, usage errors (exit 2), connection failures (exit 5), diagnostics with and without --debug. */
class HelpAndUsageIT {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "upgrade",
                "stamp",
                "current",
                "history",
                "status",
                "check",
                "validate",
                "repair",
                "downgrade",
                "plan",
                "seed",
                "backup",
                "restore"
            })
    void everyCommandHasHelpWithAnExample(String command) {
        Run help = Cli.create().run(command, "--help").ok();

        assertThat(help.stdout())
                .contains("Usage: migrator " + command, "--url=JDBC_URL", "--json", "Example", "migrator " + command);
    }

    @Test
    void topLevelHelpListsTheCommandsExitCodesAndSettings() {
        Run help = Cli.create().run("--help").ok();

        assertThat(help.stdout()).contains("upgrade", "restore", "Exit codes", "6 check blocked", "MIGRATOR_PASSWORD");
        assertThat(Cli.create().run("--version").ok().stdout()).startsWith("migrator ");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(Cli.create().run().exits(2).stderr()).contains("Missing command");
        assertThat(Cli.create().run("status", "--no-such-option").exits(2).stderr())
                .contains("Unknown option: '--no-such-option'", "migrator status --help");
        assertThat(Cli.create().run("stamp").exits(2).stderr()).contains("Missing required parameter: 'REV'");
        assertThat(Cli.create().run("status", "--lock-timeout", "soon").exits(2).stderr())
                .contains("MIGRATOR-CONFIG", "lock-timeout", "'soon' is not a duration");
        assertThat(Cli.create().run("status").exits(2).stderr()).contains("MIGRATOR-CONFIG", "url", "MIGRATOR_URL");
    }

    @Test
    void anUnreachableServerExitsFive() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run run = Cli.create()
                .env("MIGRATOR_URL", "jdbc:postgresql://127.0.0.1:" + port + "/app")
                .env("MIGRATOR_CONNECT_TIMEOUT", "1s")
                .run("upgrade")
                .exits(5);

        assertThat(run.stderr()).contains("MIGRATOR-CONNECT", "pg_isready");
    }

    @Test
    void aRefusalPrintsTheDiagnosticWithoutAStackTraceUnlessDebug() {
        TestDatabase db = new TestDatabase();
        Cli cli = db.cli()
                .env(new MigrationFiles()
                        .migration("V1__create_a.sql", "CREATE TABLE a (id int);")
                        .env());

        Run plain = cli.run("stamp", "2").exits(2);
        assertThat(plain.stderr())
                .startsWith("MIGRATOR-UNKNOWN-REVISION: ")
                .contains("  Fix: ")
                .doesNotContain("\tat ");

        Run debug = cli.run("stamp", "2", "--debug").exits(2);
        assertThat(debug.stderr()).startsWith("MIGRATOR-UNKNOWN-REVISION: ").contains("\tat io.lucidity.migrator.");
    }
}
