package io.lucidity.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.MigratorOption;
import io.lucidity.migrator.cli.command.ConfigCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The CLI's options against core's option table ({@link MigratorOption}), both ways: every option is a {@code --key}
 * (its aliases too) whose help names the table's default, and every setting option of the CLI is an option of the
 * table, handed to core under its key. Passwords are never options; {@code application-name} has the CLI's own default.
 */
class OptionRegistryTest {
    /** Options of the CLI that are not settings of core. */
    private static final Set<String> CLI_ONLY = Set.of("--config", "--json", "--debug", "--help", "-h");
    /** Options of core that are no option of the CLI: passwords come from a file, MIGRATOR_PASSWORD or PGPASSWORD. */
    private static final Set<MigratorOption> NOT_ON_THE_COMMAND_LINE =
            Set.of(MigratorOption.PASSWORD, MigratorOption.MIGRATION_PASSWORD);
    /** The families, as repeatable options. */
    private static final Map<MigratorOption, String> FAMILIES =
            Map.of(MigratorOption.PLACEHOLDERS, "--placeholder", MigratorOption.CHECKS, "--check");

    private static CommandSpec config() {
        return new CommandLine(new Main()).getSubcommands().get("config").getCommandSpec();
    }

    private static String help(OptionSpec option) {
        return String.join(" ", option.description());
    }

    @Test
    void everyOptionOfTheTableIsAnOptionWithTheSameDefaultInItsHelp() {
        CommandSpec spec = config();
        for (MigratorOption option : MigratorOption.values()) {
            if (NOT_ON_THE_COMMAND_LINE.contains(option)) {
                assertThat(spec.findOption("--" + option.key()))
                        .as("--%s", option.key())
                        .isNull();
                continue;
            }
            String name = FAMILIES.getOrDefault(option, "--" + option.key());
            OptionSpec cli = spec.findOption(name);
            assertThat(cli).as("the CLI option %s for %s", name, option.key()).isNotNull();
            option.aliases().forEach(alias -> assertThat(cli.names()).contains("--" + alias));
            String expected =
                    option == MigratorOption.APPLICATION_NAME ? Configuration.APPLICATION_NAME : option.defaultValue();
            if (expected != null) {
                assertThat(help(cli)).as("help of %s", name).contains("Default: " + expected + ".");
            }
        }
    }

    @Test
    void everySettingOptionOfTheCliIsAnOptionOfTheTableHandedToCoreUnderItsKey() {
        CommandSpec spec = config();
        List<String> args = new ArrayList<>(List.of("config"));
        Map<String, String> expected = new LinkedHashMap<>();
        Set<String> unknown = new TreeSet<>();
        for (OptionSpec option : spec.options()) {
            String name = option.longestName();
            if (CLI_ONLY.contains(name)) {
                continue;
            }
            if (name.equals("--placeholder")) {
                args.addAll(List.of(name, "tenant=acme"));
                expected.put("placeholders.tenant", "acme");
                continue;
            }
            if (name.equals("--check")) {
                args.addAll(List.of(name, "drained=SELECT 0"));
                expected.put("check.drained.sql", "SELECT 0");
                continue;
            }
            String key = name.substring(2);
            MigratorOption registered = MigratorOption.forKey(key);
            if (registered == null || registered.isFamily()) {
                unknown.add(name);
                continue;
            }
            String value = "value-of-" + key;
            args.addAll(List.of(name, value));
            expected.put(registered.key(), value);
        }
        assertThat(unknown).as("CLI options that are no option of core's table").isEmpty();

        CommandLine cli = new CommandLine(new Main());
        cli.parseArgs(args.toArray(String[]::new));
        ConfigCommand command = cli.getSubcommands().get("config").getCommand();
        assertThat(command.options.settings()).isEqualTo(expected);
        expected.keySet()
                .forEach(key -> assertThat(MigratorOption.forKey(key)).as(key).isNotNull());
    }
}
