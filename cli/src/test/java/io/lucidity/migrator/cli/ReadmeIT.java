package io.lucidity.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorOption;
import io.lucidity.migrator.cli.support.Cli;
import io.lucidity.migrator.cli.support.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The documentation's promises about settings and diagnostics, checked against the CLI as a user runs it: every key
 * of the table in {@code docs/configuration.md} is a {@code --key} option (when its CLI column lists it), a
 * {@code MIGRATOR_KEY} variable and a {@code migrator.properties} key with the documented default, and the table in
 * {@code docs/diagnostics.md} lists exactly the codes Migrator raises, with their exit codes.
 */
class ReadmeIT {
    private static final Path DOCS =
            Path.of(System.getProperty("user.dir")).resolve("../docs").normalize();
    private static final Path CONFIGURATION = DOCS.resolve("configuration.md");
    private static final Path DIAGNOSTICS = DOCS.resolve("diagnostics.md");
    private static final Pattern KEY = Pattern.compile("`([a-z][a-z.<>-]*)`");
    private static final String URL = "jdbc:postgresql://db.example:5432/app";

    /** A value for each key, other than its default. */
    private static final Map<String, String> VALUES = Map.ofEntries(
            Map.entry("url", URL),
            Map.entry("user", "alice"),
            Map.entry("password", "Readme-pw-1a2b"),
            Map.entry("migration-url", "jdbc:postgresql://direct.example:5432/app"),
            Map.entry("migration-user", "owner"),
            Map.entry("migration-password", "Readme-mpw-3c4d"),
            Map.entry("schema", "app_schema"),
            Map.entry("table", "app_history"),
            Map.entry("locations", "filesystem:/srv/sql"),
            Map.entry("seeds", "filesystem:/srv/seed"),
            Map.entry("extensions", "pg_trgm"),
            Map.entry("lock-timeout", "45s"),
            Map.entry("ddl-lock-timeout", "3s"),
            Map.entry("ddl-lock-retries", "3"),
            Map.entry("connect-timeout", "7s"),
            Map.entry("lock-log-interval", "9s"),
            Map.entry("tolerate-newer-schema", "true"),
            Map.entry("out-of-order", "true"),
            Map.entry("transaction-mode", "per-migration"),
            Map.entry("lint", "refuse"),
            Map.entry("placeholder-replacement", "false"),
            Map.entry("application-name", "deploy-42"),
            Map.entry("tenant-schemas", "tenant_%"),
            Map.entry("tenant-databases", "shop_%"),
            Map.entry("tenants", "acme,globex"),
            Map.entry("tenant-query", "SELECT name FROM control.tenants"),
            Map.entry("parallel", "4"));
    /** The tenant sources: one at a time, since two at one level are a usage error. */
    private static final List<String> TENANT_SOURCES =
            List.of("tenant-schemas", "tenant-databases", "tenants", "tenant-query");

    @Test
    void everyKeyOfTheConfigurationTableIsAnOptionAVariableAndAPropertiesKey() throws IOException {
        List<Row> rows = configurationTable();
        assertThat(rows)
                .extracting(Row::key)
                .contains("url", "lock-timeout", "placeholders.<name>", "check.<name>.sql");
        Path secrets = Cli.tempDirectory("migrator-readme");
        Map<String, String> expected = new LinkedHashMap<>();
        List<String> args = new ArrayList<>(List.of("config", "--json"));
        Map<String, String> env = new LinkedHashMap<>();
        StringBuilder properties = new StringBuilder();
        List<Row> tenantSources = new ArrayList<>();
        for (Row row : rows) {
            String key = row.key();
            String value;
            String setting;
            if (TENANT_SOURCES.contains(key)) {
                tenantSources.add(row);
                continue;
            }
            if (key.equals("placeholders.<name>")) {
                value = "documents";
                setting = "placeholders.docs_table";
                args.addAll(List.of("--placeholder", "docs_table=" + value));
                env.put("MIGRATOR_PLACEHOLDERS_DOCS_TABLE", value);
                properties.append(setting).append('=').append(value).append('\n');
            } else if (key.equals("check.<name>.sql")) {
                value = "SELECT 0";
                setting = "check.docs.sql";
                args.addAll(List.of("--check", "docs=" + value));
                env.put("MIGRATOR_CHECK_DOCS_SQL", value);
                properties.append(setting).append('=').append(value).append('\n');
            } else {
                boolean file = key.endsWith("-file");
                setting = file ? key.substring(0, key.length() - "-file".length()) : key;
                assertThat(VALUES)
                        .as("a test value for the documented key %s", key)
                        .containsKey(setting);
                value = VALUES.get(setting);
                String given = value;
                if (file) {
                    given = Cli.write(secrets.resolve(setting), value + "\n").toString();
                }
                if (setting.endsWith("password")) {
                    Cli.secret(value);
                    value = "<masked>";
                }
                if (row.onTheCommandLine()) {
                    args.addAll(List.of("--" + key, given));
                }
                String variable = "MIGRATOR_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
                assertThat(row.variables())
                        .as("environment variable column of %s", key)
                        .contains("`" + variable + "`");
                env.put(variable, given);
                properties.append(key).append('=').append(given).append('\n');
            }
            expected.put(setting, value);
        }

        Map<String, String> fromOptions = settings(Cli.create().run(args.toArray(String[]::new)));
        Map<String, String> fromEnvironment = settings(Cli.create().env(env).run("config", "--json"));
        Map<String, String> fromFile =
                settings(Cli.create().localProperties(properties.toString()).run("config", "--json"));

        // Passwords are never options: read from MIGRATOR_PASSWORD / --password-file, so the expectation holds anyway.
        expected.forEach((setting, value) -> {
            assertThat(fromEnvironment)
                    .as("MIGRATOR_* variable for %s", setting)
                    .containsEntry(setting, value);
            assertThat(fromFile).as("migrator.properties key for %s", setting).containsEntry(setting, value);
            assertThat(fromOptions).as("CLI option for %s", setting).containsEntry(setting, value);
        });
        assertThat(tenantSources).extracting(Row::key).containsExactlyInAnyOrderElementsOf(TENANT_SOURCES);
        for (Row row : tenantSources) {
            String key = row.key();
            String value = VALUES.get(key);
            String variable = "MIGRATOR_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
            assertThat(row.onTheCommandLine()).as("CLI column of %s", key).isTrue();
            assertThat(row.variables())
                    .as("environment variable column of %s", key)
                    .contains("`" + variable + "`");
            assertThat(settings(Cli.create().run("config", "--json", "--url", URL, "--" + key, value)))
                    .as("CLI option for %s", key)
                    .containsEntry(key, value);
            assertThat(settings(Cli.create().env(variable, value).run("config", "--json", "--url", URL)))
                    .as("MIGRATOR_* variable for %s", key)
                    .containsEntry(key, value);
            assertThat(settings(Cli.create()
                            .localProperties(key + "=" + value + "\n")
                            .run("config", "--json", "--url", URL)))
                    .as("migrator.properties key for %s", key)
                    .containsEntry(key, value);
        }
        for (Row row : rows) {
            if (!row.onTheCommandLine()) {
                Run refused = Cli.create().run("config", "--" + row.key(), "x").exits(2);
                assertThat(refused.stderr()).contains("Unknown option", "'--" + row.key() + "'");
            }
        }
    }

    @Test
    void theConfigurationTableShowsTheDefaultsTheCliUses() throws IOException {
        Map<String, String> defaults =
                settings(Cli.create().env("MIGRATOR_URL", URL).run("config", "--json"));
        for (Row row : configurationTable()) {
            if (row.defaultValue() != null && defaults.containsKey(row.key())) {
                assertThat(defaults.get(row.key()))
                        .as("default of %s", row.key())
                        .isEqualTo(row.defaultValue());
            }
        }
        assertThat(defaults).containsEntry("application-name", "migrator-cli").containsEntry("lock-timeout", "2m");
    }

    @Test
    void theConfigurationTableListsEveryOptionOfCoresTableWithItsDefault() throws IOException {
        Map<String, String> defaultCells = new LinkedHashMap<>();
        for (Map<String, String> cells : table(CONFIGURATION, "## Every option", "| key")) {
            Matcher m = KEY.matcher(cells.get("key"));
            while (m.find()) {
                defaultCells.put(m.group(1), cells.get("default"));
            }
        }
        for (MigratorOption option : MigratorOption.values()) {
            assertThat(defaultCells)
                    .as("a row of the configuration table for %s", option.key())
                    .containsKey(option.key());
            if (option.defaultValue() != null) {
                assertThat(defaultCells.get(option.key()))
                        .as("default of %s", option.key())
                        .startsWith("`" + option.defaultValue() + "`");
            }
        }
    }

    @Test
    void theDiagnosticsTableListsEveryCodeWithItsExitCodeAndNoOther() throws IOException {
        Map<String, Integer> documented = new TreeMap<>();
        for (Map<String, String> cells : table(DIAGNOSTICS, "# Diagnostics", "| code")) {
            int exit = Integer.parseInt(cells.get("CLI exit"));
            Matcher m = Pattern.compile("`(MIGRATOR-[A-Z-]+)`").matcher(cells.get("code"));
            while (m.find()) {
                documented.put(m.group(1), exit);
            }
        }
        Map<String, Integer> raised = new TreeMap<>();
        Arrays.stream(DiagnosticCode.values()).forEach(code -> raised.put(code.code(), code.exitCode()));
        raised.put(Output.USAGE_CODE, Output.USAGE_EXIT);

        assertThat(documented).isEqualTo(raised);
    }

    @Test
    void theDiagnosticsTableNamesTheClassEachCodeIsRaisedAs() throws IOException {
        Map<String, String> documented = new TreeMap<>();
        for (Map<String, String> cells : table(DIAGNOSTICS, "# Diagnostics", "| code")) {
            Matcher m = Pattern.compile("`(MIGRATOR-[A-Z-]+)`").matcher(cells.get("code"));
            while (m.find()) {
                documented.put(m.group(1), cells.get("exception").trim().replace("`", ""));
            }
        }
        documented.remove(Output.USAGE_CODE);
        Map<String, String> raised = new TreeMap<>();
        Arrays.stream(DiagnosticCode.values())
                .forEach(code -> raised.put(code.code(), code.exceptionType().getSimpleName()));

        assertThat(documented).isEqualTo(raised);
    }

    private static Map<String, String> settings(Run run) {
        JsonNode settings = run.ok().json().get("settings");
        Map<String, String> map = new LinkedHashMap<>();
        settings.properties()
                .forEach(e -> map.put(
                        e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        return map;
    }

    /** One key of the configuration table: whether its CLI column lists {@code --key}, its variables' cell, its default. */
    private record Row(String key, boolean onTheCommandLine, String variables, String defaultValue) {}

    private static List<Row> configurationTable() throws IOException {
        List<Row> rows = new ArrayList<>();
        Pattern cliDefault = Pattern.compile("the CLI: `([^`]*)`");
        for (Map<String, String> cells : table(CONFIGURATION, "## Every option", "| key")) {
            List<Row> keys = new ArrayList<>();
            Matcher m = KEY.matcher(cells.get("key"));
            String cli = cells.get("CLI option");
            while (m.find()) {
                keys.add(new Row(
                        m.group(1), cli.contains("`--" + m.group(1) + "`"), cells.get("environment variable"), null));
            }
            String defaultCell = cells.get("default");
            Matcher d = cliDefault.matcher(defaultCell);
            String defaultValue = d.find()
                    ? d.group(1)
                    : defaultCell.startsWith("`") ? defaultCell.substring(1, defaultCell.indexOf('`', 1)) : null;
            if (keys.size() == 1) {
                Row only = keys.get(0);
                keys.set(0, new Row(only.key(), only.onTheCommandLine(), only.variables(), defaultValue));
            }
            rows.addAll(keys);
        }
        return rows;
    }

    /**
     * Each row of the first table after {@code heading} in {@code file} whose header starts with {@code header}, as
     * its cells by column name.
     */
    private static List<Map<String, String>> table(Path file, String heading, String header) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int i = lines.indexOf(heading);
        assertThat(i).as("%s in %s", heading, file).isNotNegative();
        while (!lines.get(i).startsWith(header)) {
            i++;
        }
        List<String> names = cells(lines.get(i));
        List<Map<String, String>> rows = new ArrayList<>();
        for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> cells = cells(lines.get(i));
            assertThat(cells).as("cells of %s in %s", lines.get(i), file).hasSameSizeAs(names);
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < names.size(); c++) {
                row.put(names.get(c), cells.get(c));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<String> cells(String line) {
        return Arrays.stream(line.substring(1, line.length() - 1).split("\\|"))
                .map(String::trim)
                .toList();
    }
}
