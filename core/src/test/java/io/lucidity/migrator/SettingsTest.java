package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Settings by name — the keys shared by {@code MIGRATOR_*} variables, {@code migrator.properties} and the
 * CLI — and the formats they accept.
 */
class SettingsTest {
    private static final String URL = "jdbc:postgresql://db.internal:5432/app";

    @TempDir
    Path temp;

    @Test
    void theEnvironmentSetsEveryMigratorVariableAndIgnoresOthers() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("MIGRATOR_URL", URL),
                Map.entry("MIGRATOR_USER", "app"),
                Map.entry("MIGRATOR_PASSWORD", "Env-pw-5e6f"),
                Map.entry("MIGRATOR_MIGRATION_URL", "jdbc:postgresql://direct:5432/app"),
                Map.entry("MIGRATOR_MIGRATION_USER", "owner"),
                Map.entry("MIGRATOR_SCHEMA", "app_schema"),
                Map.entry("MIGRATOR_TABLE", "schema_history"),
                Map.entry("MIGRATOR_LOCATIONS", "filesystem:/srv/sql, classpath:db/more"),
                Map.entry("MIGRATOR_SEEDS", "classpath:db/seed,classpath:db/demo-seed"),
                Map.entry("MIGRATOR_EXTENSIONS", "vector>=0.5.0,pg_trgm"),
                Map.entry("MIGRATOR_LOCK_TIMEOUT", "30s"),
                Map.entry("MIGRATOR_DDL_LOCK_TIMEOUT", "500ms"),
                Map.entry("MIGRATOR_CONNECT_TIMEOUT", "PT1M"),
                Map.entry("MIGRATOR_LOCK_LOG_INTERVAL", "2"),
                Map.entry("MIGRATOR_TOLERATE_NEWER_SCHEMA", "true"),
                Map.entry("MIGRATOR_OUT_OF_ORDER", "yes"),
                Map.entry("MIGRATOR_TRANSACTION_MODE", "per-migration"),
                Map.entry("MIGRATOR_PLACEHOLDER_REPLACEMENT", "false"),
                Map.entry("MIGRATOR_APPLICATION_NAME", "billing-api"),
                Map.entry("MIGRATOR_TEST_PROVIDER", "local"),
                Map.entry("MIGRATOR_TEST_JDBC_URL", "not a url at all"),
                Map.entry("MIGRATOR_TEST_PASSWORD", "not-this-one"),
                Map.entry("PGPASSWORD", "not-this-either"),
                Map.entry("HOME", "/home/app"));

        MigratorConfig c = Migrator.configure().environment(env).build();

        assertThat(c.url()).isEqualTo(URL);
        assertThat(c.user()).isEqualTo("app");
        assertThat(c.password()).isEqualTo("Env-pw-5e6f");
        assertThat(c.migrationUrl()).isEqualTo("jdbc:postgresql://direct:5432/app");
        assertThat(c.migrationUser()).isEqualTo("owner");
        assertThat(c.schema()).isEqualTo("app_schema");
        assertThat(c.table()).isEqualTo("schema_history");
        assertThat(c.locations()).containsExactly("filesystem:/srv/sql", "classpath:db/more");
        assertThat(c.seedLocations()).containsExactly("classpath:db/seed", "classpath:db/demo-seed");
        assertThat(c.extensions())
                .containsExactly(
                        new ExtensionRequirement("vector", "0.5.0"), new ExtensionRequirement("pg_trgm", null));
        assertThat(c.lockTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.ddlLockTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.lockLogInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.tolerateNewerSchema()).isTrue();
        assertThat(c.outOfOrder()).isTrue();
        assertThat(c.transactionMode()).isEqualTo(TransactionMode.PER_MIGRATION);
        assertThat(c.placeholderReplacement()).isFalse();
        assertThat(c.applicationName()).isEqualTo("billing-api");
    }

    @Test
    void aBadValueInTheEnvironmentNamesTheSetting() {
        ConfigurationException e = catchThrowableOfType(
                ConfigurationException.class,
                () -> Migrator.configure()
                        .environment(Map.of("MIGRATOR_URL", URL, "MIGRATOR_LOCK_TIMEOUT", "soon"))
                        .build());
        assertThat(e.code()).isEqualTo(DiagnosticCode.CONFIG_INVALID);
        assertThat(e.facts()).containsEntry("setting", "lock-timeout");
        assertThat(e.getMessage()).contains("'soon' is not a duration");
        assertThat(e.remedy()).contains("30s", "500ms", "PT2M");
    }

    @Test
    void pgpasswordIsTheFallbackPassword() {
        assertThat(Migrator.configure()
                        .environment(Map.of("MIGRATOR_URL", URL, "PGPASSWORD", "Pg-pw-77aa"))
                        .build()
                        .password())
                .isEqualTo("Pg-pw-77aa");
        assertThat(Migrator.configure()
                        .environment(Map.of(
                                "MIGRATOR_URL",
                                URL,
                                "PGPASSWORD",
                                "Pg-pw-77aa",
                                "MIGRATOR_PASSWORD",
                                "Migrator-pw-77aa"))
                        .build()
                        .password())
                .as("MIGRATOR_PASSWORD wins")
                .isEqualTo("Migrator-pw-77aa");
        assertThat(Migrator.configure()
                        .environment(Map.of("MIGRATOR_URL", URL, "PGPASSWORD", ""))
                        .build()
                        .password())
                .as("an empty PGPASSWORD is no password")
                .isNull();
    }

    @Test
    void noneDisablesSeedsAndExtensionsFromTheEnvironment() {
        MigratorConfig c = Migrator.configure()
                .environment(Map.of("MIGRATOR_URL", URL, "MIGRATOR_SEEDS", "none", "MIGRATOR_EXTENSIONS", "NONE"))
                .build();
        assertThat(c.seedLocations()).isEmpty();
        assertThat(c.extensions()).isEmpty();
        assertThat(Migrator.configure()
                        .environment(Map.of("MIGRATOR_URL", URL, "MIGRATOR_EXTENSIONS", ""))
                        .build()
                        .extensions())
                .as("an empty variable is no setting: the default stays")
                .isNotEmpty();
    }

    @Test
    void pgpasswordDoesNotReplaceAPasswordAlreadySet() {
        MigratorConfig c = Migrator.configure()
                .url(URL)
                .password("Code-pw-88bb")
                .environment(Map.of("PGPASSWORD", "Pg-pw-88bb"))
                .build();
        assertThat(c.password())
                .as("environment(Map) applies PGPASSWORD only when no password is set")
                .isEqualTo("Code-pw-88bb");
    }

    @Test
    void aPasswordFileIsReadAndStripped() throws IOException {
        Path file = temp.resolve("pw");
        Files.writeString(file, "File-pw-99cc\n", StandardCharsets.UTF_8);

        MigratorConfig c = Migrator.configure()
                .environment(Map.of("MIGRATOR_URL", URL, "MIGRATOR_PASSWORD_FILE", file.toString()))
                .build();
        assertThat(c.password()).isEqualTo("File-pw-99cc");

        ConfigurationException e = catchThrowableOfType(
                ConfigurationException.class,
                () -> Migrator.configure()
                        .url(URL)
                        .setting("password-file", temp.resolve("missing").toString()));
        assertThat(e.facts()).containsEntry("setting", "password-file");
        assertThat(e.remedy()).contains("MIGRATOR_PASSWORD");
    }

    @Test
    void aPropertiesFileSetsOptionsPlaceholdersAndDrainChecks() throws IOException {
        Path file = temp.resolve("migrator.properties");
        Files.writeString(file, """
                # migrator.properties
                url=jdbc:postgresql://db.internal:5432/app
                user=app
                password=Props-pw-aa11
                locations=filesystem:/srv/sql
                seeds=classpath:db/seed
                extensions=vector>=0.7.0
                lock-timeout=2m
                ddl-lock-timeout=PT5S
                tolerate-newer-schema=yes
                transaction-mode=PER_MIGRATION
                placeholders.tenant=acme
                placeholders.Mixed_Case=kept
                check.queue-drained.sql=SELECT count(*) FROM jobs WHERE state <> 'done'
                check.no_mid_pipeline.sql=SELECT id FROM documents WHERE pipeline_status = 'running'
                """, StandardCharsets.UTF_8);

        MigratorConfig c = Migrator.configure().propertiesFile(file).build();

        assertThat(c.url()).isEqualTo(URL);
        assertThat(c.user()).isEqualTo("app");
        assertThat(c.password()).isEqualTo("Props-pw-aa11");
        assertThat(c.locations()).containsExactly("filesystem:/srv/sql");
        assertThat(c.seedLocations()).containsExactly("classpath:db/seed");
        assertThat(c.extensions()).containsExactly(new ExtensionRequirement("vector", "0.7.0"));
        assertThat(c.lockTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.ddlLockTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.tolerateNewerSchema()).isTrue();
        assertThat(c.transactionMode()).isEqualTo(TransactionMode.PER_MIGRATION);
        assertThat(c.placeholders()).containsOnly(Map.entry("tenant", "acme"), Map.entry("Mixed_Case", "kept"));
        assertThat(c.checks())
                .extracting(PreUpgradeCheck::name)
                .containsExactlyInAnyOrder("queue-drained", "no_mid_pipeline");
    }

    @Test
    void aPropertiesFileWithAnUnknownKeyOrAMalformedCheckIsRefused() throws IOException {
        Path unknown = temp.resolve("unknown.properties");
        Files.writeString(unknown, "url=" + URL + "\nlock_timeout=30s\n", StandardCharsets.UTF_8);
        ConfigurationException e = catchThrowableOfType(
                ConfigurationException.class,
                () -> Migrator.configure().propertiesFile(unknown).build());
        assertThat(e.facts()).containsEntry("setting", "lock_timeout");
        assertThat(e.remedy()).contains("lock-timeout");

        Properties check = new Properties();
        check.setProperty("check.queue", "SELECT 1");
        e = catchThrowableOfType(
                ConfigurationException.class,
                () -> Migrator.configure().url(URL).properties(check));
        assertThat(e.facts()).containsEntry("setting", "check.queue");
        assertThat(e.getMessage()).contains("check.<name>.sql");

        Properties empty = new Properties();
        empty.setProperty("check.queue.sql", " ");
        e = catchThrowableOfType(
                ConfigurationException.class,
                () -> Migrator.configure().url(URL).properties(empty));
        assertThat(e.facts()).containsEntry("setting", "check.queue.sql");
    }

    @Test
    void aMissingPropertiesFileIsRefusedNamingIt() {
        Path missing = temp.resolve("nowhere.properties");
        ConfigurationException e = catchThrowableOfType(
                ConfigurationException.class, () -> Migrator.configure().propertiesFile(missing));
        assertThat(e.code()).isEqualTo(DiagnosticCode.CONFIG_INVALID);
        assertThat(e.getMessage()).contains("nowhere.properties");
        assertThat(e.facts().get("file")).endsWith("nowhere.properties");
    }

    @Test
    void laterSettingsWin() throws IOException {
        Path file = temp.resolve("migrator.properties");
        Files.writeString(file, "url=" + URL + "\nlock-timeout=2m\nschema=from_file\n", StandardCharsets.UTF_8);

        MigratorConfig c = Migrator.configure()
                .propertiesFile(file)
                .environment(Map.of("MIGRATOR_LOCK_TIMEOUT", "45s"))
                .setting("schema", "from_code")
                .build();

        assertThat(c.lockTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.schema()).isEqualTo("from_code");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "500ms, PT0.5S",
        "30s, PT30S",
        "2m, PT2M",
        "1h, PT1H",
        "1d, PT24H",
        "PT2M, PT2M",
        "pt90s, PT1M30S",
        "10, PT10S",
        "0, PT0S",
        "'  15 s ', PT15S"
    })
    void durationsAcceptUnitsIsoAndPlainSeconds(String text, String expected) {
        assertThat(Migrator.configure()
                        .url(URL)
                        .setting("lock-timeout", text)
                        .build()
                        .lockTimeout())
                .isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource({"soon", "-5s", "5 minutes", "1.5s", "''"})
    void aBadDurationIsRefusedNamingTheSetting(String text) {
        ConfigurationException e = catchThrowableOfType(
                ConfigurationException.class,
                () -> Migrator.configure()
                        .url(URL)
                        .setting("ddl-lock-timeout", text)
                        .build());
        assertThat(e).isNotNull();
        assertThat(e.facts()).containsEntry("setting", "ddl-lock-timeout");
        assertThat(e.remedy()).contains("30s");
    }

    @Test
    void booleansAndTransactionModesAcceptTheUsualSpellingsAndRefuseOthers() {
        assertThat(Migrator.configure()
                        .url(URL)
                        .setting("out-of-order", "1")
                        .build()
                        .outOfOrder())
                .isTrue();
        assertThat(Migrator.configure()
                        .url(URL)
                        .setting("out-of-order", "NO")
                        .build()
                        .outOfOrder())
                .isFalse();
        assertThat(Migrator.configure()
                        .url(URL)
                        .setting("transaction-mode", "single")
                        .build()
                        .transactionMode())
                .isEqualTo(TransactionMode.SINGLE);

        ConfigurationException e = catchThrowableOfType(
                ConfigurationException.class,
                () -> Migrator.configure().url(URL).setting("tolerate-newer-schema", "maybe"));
        assertThat(e.facts()).containsEntry("setting", "tolerate-newer-schema");
        e = catchThrowableOfType(
                ConfigurationException.class,
                () -> Migrator.configure().url(URL).setting("transaction-mode", "nested"));
        assertThat(e.facts()).containsEntry("setting", "transaction-mode");
        assertThat(e.remedy()).contains("single", "per-migration");
    }

    @Test
    void keysAreCaseInsensitiveAndValuesTrimmed() {
        MigratorConfig c = Migrator.configure()
                .setting(" URL ", " " + URL + " ")
                .setting("Lock-Timeout", "3s")
                .build();
        assertThat(c.url()).isEqualTo(URL);
        assertThat(c.lockTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void placeholdersAndDrainChecksComeFromTheEnvironmentToo() {
        MigratorConfig c = Migrator.configure()
                .environment(Map.of(
                        "MIGRATOR_URL",
                        URL,
                        "MIGRATOR_PLACEHOLDERS_DOCS_TABLE",
                        "documents",
                        "MIGRATOR_CHECK_JOBS_DRAINED_SQL",
                        "SELECT count(*) FROM jobs"))
                .build();

        assertThat(c.placeholders()).containsExactly(Map.entry("docs_table", "documents"));
        assertThat(c.checks()).singleElement().satisfies(check -> {
            assertThat(check.name()).isEqualTo("jobs-drained");
            assertThat(check).isEqualTo(PreUpgradeCheck.sql("jobs-drained", "SELECT count(*) FROM jobs"));
        });
    }

    @Test
    void aDrainCheckFromTheEnvironmentReplacesTheFilesCheckOfTheSameName() {
        Properties file = new Properties();
        file.setProperty("url", URL);
        file.setProperty("check.jobs-drained.sql", "SELECT 1");
        MigratorConfig c = Migrator.configure()
                .properties(file)
                .environment(Map.of("MIGRATOR_CHECK_JOBS_DRAINED_SQL", "SELECT 0"))
                .build();

        assertThat(c.checks()).containsExactly(PreUpgradeCheck.sql("jobs-drained", "SELECT 0"));
    }

    @Test
    void anUnknownMigratorVariableIsRefusedNamingTheClosestSetting() {
        ConfigurationException e = catchThrowableOfType(
                ConfigurationException.class,
                () -> Migrator.configure().environment(Map.of("MIGRATOR_URL", URL, "MIGRATOR_LOCK_TIMOUT", "30s")));

        assertThat(e.code()).isEqualTo(DiagnosticCode.CONFIG_INVALID);
        assertThat(e.getMessage()).contains("MIGRATOR_LOCK_TIMOUT", "is not a Migrator setting");
        assertThat(e.facts()).containsEntry("closest setting", "MIGRATOR_LOCK_TIMEOUT");
        assertThat(e.remedy()).contains("Did you mean MIGRATOR_LOCK_TIMEOUT?");
    }

    @Test
    void theVariablesOfTheCliTheClientToolsAndTheTestFixturesAreNotSettingsAndAreAccepted() {
        MigratorConfig c = Migrator.configure()
                .environment(Map.of(
                        "MIGRATOR_URL",
                        URL,
                        "MIGRATOR_CONFIG",
                        "other.properties",
                        "MIGRATOR_JSON",
                        "true",
                        "MIGRATOR_DEBUG",
                        "true",
                        "MIGRATOR_PG_BIN",
                        "/usr/lib/postgresql/15/bin",
                        "MIGRATOR_TEST_PROVIDER",
                        "local",
                        "MIGRATOR_TEST_ANYTHING_NEW",
                        "x"))
                .build();

        assertThat(c.url()).isEqualTo(URL);
    }

    @Test
    void migrationUserWithoutMigrationUrlOnADataSourceIsRefused() {
        ConfigurationException e = catchThrowableOfType(
                ConfigurationException.class,
                () -> Migrator.configure()
                        .dataSource(new org.postgresql.ds.PGSimpleDataSource())
                        .migrationUser("owner")
                        .build());

        assertThat(e.facts()).containsEntry("setting", "migration-user");
        assertThat(e.remedy()).contains("migrationUrl(..)");
    }
}
