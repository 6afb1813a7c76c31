package io.lucidity.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.cli.support.Cli;
import io.lucidity.migrator.cli.support.TestDatabase;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Settings precedence: command line > MIGRATOR_* > --config FILE > ./migrator.properties. */
class SettingsPrecedenceIT {
    private final TestDatabase db = new TestDatabase();

    private String schema(Cli cli, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "status";
        all[1] = "--json";
        System.arraycopy(args, 0, all, 2, args.length);
        return cli.run(all).ok().json().get("schema").asText();
    }

    @Test
    void commandLineBeatsEnvironmentBeatsConfigFileBeatsLocalFile() {
        Cli cli = db.cli().env(new MigrationFiles().env());
        cli.localProperties("schema=from_local\n");
        Cli.write(cli.workingDirectory().resolve("ops.properties"), "schema=from_config\n");

        cli.env("MIGRATOR_SCHEMA", "from_env");
        assertThat(schema(cli, "--config", "ops.properties", "--schema", "from_cli"))
                .isEqualTo("from_cli");
        assertThat(schema(cli, "--config", "ops.properties")).isEqualTo("from_env");
        cli.unset("MIGRATOR_SCHEMA");
        assertThat(schema(cli, "--config", "ops.properties")).isEqualTo("from_config");
        assertThat(schema(cli.env("MIGRATOR_CONFIG", "ops.properties"))).isEqualTo("from_config");
        cli.unset("MIGRATOR_CONFIG");
        assertThat(schema(cli)).isEqualTo("from_local");
        assertThat(schema(Cli.create().env(db.env()).env(new MigrationFiles().env())))
                .isEqualTo("public");
    }

    @Test
    void connectionSettingsCanAllComeFromMigratorProperties() {
        MigrationFiles migrations = new MigrationFiles().migration("V1__create_a.sql", "CREATE TABLE a (id int);");
        Cli cli = Cli.create().env("PGPASSWORD", db.password());
        cli.localProperties("url=" + db.url() + "\nuser=" + TestServer.shared().user() + "\nlocations="
                + migrations.locations() + "\nseeds=" + migrations.seeds() + "\n");

        cli.run("upgrade").ok();

        assertThat(cli.run("current").ok().stdout()).isEqualTo("1\n");
    }

    @Test
    void passwordFileBeatsMigratorPasswordBeatsPgpassword() {
        MigrationFiles migrations = new MigrationFiles();
        Path file = Cli.write(Cli.tempDirectory("migrator-pw").resolve("pw"), db.password());
        Cli cli = Cli.create()
                .env(migrations.env())
                .env("MIGRATOR_URL", db.url())
                .env("MIGRATOR_USER", TestServer.shared().user());

        cli.env("PGPASSWORD", "wrong-pgpassword")
                .env("MIGRATOR_PASSWORD", db.password())
                .run("current")
                .ok();
        cli.env("MIGRATOR_PASSWORD", "wrong-migrator-password")
                .run("current", "--password-file", file.toString())
                .ok();
        cli.run("current").exits(5);
    }
}
