package io.lucidity.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lucidity.migrator.cli.support.Cli;
import io.lucidity.migrator.cli.support.Run;
import io.lucidity.migrator.cli.support.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code --json}: exactly one JSON document on standard output for every command, refusals included. */
class JsonOutputIT {
    private final TestDatabase db = new TestDatabase();
    private final Cli cli = db.cli().env(Cli.examples());

    private JsonNode json(String... args) {
        String[] withJson = java.util.Arrays.copyOf(args, args.length + 1);
        withJson[args.length] = "--json";
        return cli.run(withJson).ok().json();
    }

    @Test
    void everyCommandPrintsOneJsonDocument() {
        JsonNode plan = json("plan");
        assertThat(plan.get("fromRevision").asText()).isEqualTo("base");
        assertThat(plan.get("toRevision").asText()).isEqualTo("7");
        assertThat(plan.get("steps")).isNotEmpty();

        JsonNode validate = json("validate");
        assertThat(validate.get("valid").asBoolean()).isTrue();
        assertThat(validate.get("pending")).hasSize(7);

        JsonNode upgrade = json("upgrade");
        assertThat(upgrade.get("fromRevision").asText()).isEqualTo("base");
        assertThat(upgrade.get("toRevision").asText()).isEqualTo("7");
        assertThat(upgrade.get("migrations")).hasSize(7);
        assertThat(upgrade.get("seeds")).hasSize(3);
        assertThat(upgrade.get("total").isNumber()).isTrue();

        assertThat(json("current").get("revision").asText()).isEqualTo("7");
        JsonNode verbose = json("current", "--verbose");
        assertThat(verbose.get("state").get(0).asText()).isEqualTo("clean");
        assertThat(verbose.get("head").asText()).isEqualTo("7");

        JsonNode history = json("history");
        assertThat(history.get("migrations")).hasSize(7);
        assertThat(history.get("migrations").get(0).get("state").asText()).isEqualTo("APPLIED");

        JsonNode status = json("status");
        assertThat(status.get("revision").asText()).isEqualTo("7");
        assertThat(status.get("atHead").asBoolean()).isTrue();
        assertThat(status.get("lockHolder").isNull()).isTrue();

        JsonNode check = json("check");
        assertThat(check.get("blocked").asBoolean()).isFalse();
        assertThat(check.get("results")).isNotEmpty();

        assertThat(json("seed").get("seeds")).hasSize(3);

        Path file = Cli.tempDirectory("migrator-json-backup").resolve("at-7.dump");
        JsonNode backup = json("backup", file.toString());
        assertThat(backup.get("revision").asText()).isEqualTo("7");
        assertThat(backup.get("bytes").asLong()).isPositive();

        JsonNode downgrade = json("downgrade", "5");
        assertThat(downgrade.get("fromRevision").asText()).isEqualTo("7");
        assertThat(downgrade.get("toRevision").asText()).isEqualTo("5");
        assertThat(downgrade.get("undone")).hasSize(2);

        JsonNode stamp = json("stamp", "4");
        assertThat(stamp.get("before").asText()).isEqualTo("5");
        assertThat(stamp.get("after").asText()).isEqualTo("4");
        assertThat(stamp.get("removed").get(0).asText()).isEqualTo("5");

        JsonNode repair = json("repair", "--yes");
        assertThat(repair.get("failedRowsRemoved").asInt()).isZero();

        JsonNode restore = json("restore", file.toString());
        assertThat(restore.get("revisionBefore").asText()).isEqualTo("4");
        assertThat(restore.get("revision").asText()).isEqualTo("7");
        assertThat(restore.get("backupRevision").asText()).isEqualTo("7");

        assertThat(json("upgrade").get("upToDate").asBoolean()).isTrue();
    }

    @Test
    void aRefusalIsAJsonErrorDocumentWithItsCodeAndExitCode() {
        Run unknown = cli.run("stamp", "99", "--json").exits(2);
        JsonNode error = unknown.json().get("error");
        assertThat(error.get("code").asText()).isEqualTo("MIGRATOR-UNKNOWN-REVISION");
        assertThat(error.get("exitCode").asInt()).isEqualTo(2);
        assertThat(error.get("facts").get("known revisions").asText()).contains("base", "7", "head");
        assertThat(error.get("remedy").asText()).isNotBlank();

        Run usage = cli.run("history", "--json", "--no-such-option").exits(2);
        assertThat(usage.json().get("error").get("code").asText()).isEqualTo("MIGRATOR-USAGE");

        Run unreachable = Cli.create()
                .env("MIGRATOR_URL", "jdbc:postgresql://127.0.0.1:1/nothing")
                .env("MIGRATOR_CONNECT_TIMEOUT", "1s")
                .run("status", "--json")
                .exits(5);
        assertThat(unreachable.json().get("error").get("code").asText()).isEqualTo("MIGRATOR-CONNECT");

        Run check = cli.run("check", "--json", "--lock-timeout", "1s").ok();
        assertThat(check.json().get("blocked").asBoolean()).isFalse();
    }
}
