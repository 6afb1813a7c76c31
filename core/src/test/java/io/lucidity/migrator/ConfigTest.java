package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The builder: every default, and a bad value refused when the configuration is built, naming the
 * setting; {@link MigratorConfig#toString()} never shows a password.
 */
class ConfigTest {
    private static final String URL = "jdbc:postgresql://db.internal:5432/app";

    private static ConfigurationException refusal(Runnable build) {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, build::run);
        assertThat(e).as("the configuration was expected to be refused").isNotNull();
        assertThat(e.code()).isEqualTo(DiagnosticCode.CONFIG_INVALID);
        assertThat(e.getMessage()).startsWith("MIGRATOR-CONFIG: The setting ");
        assertThat(e.remedy()).isNotBlank();
        return e;
    }

    @Test
    void everyOptionHasTheDocumentedDefault() {
        MigratorConfig c = Migrator.configure().url(URL).build();

        assertThat(c.schema()).isEqualTo("public");
        assertThat(c.table()).isEqualTo("flyway_schema_history");
        assertThat(c.locations()).containsExactly("classpath:db/migration");
        assertThat(c.seedLocations()).containsExactly("classpath:db/seed");
        assertThat(c.extensions()).containsExactly(new ExtensionRequirement("vector", null));
        assertThat(c.lockTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.ddlLockTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.lockLogInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.tolerateNewerSchema()).isFalse();
        assertThat(c.outOfOrder()).isFalse();
        assertThat(c.transactionMode()).isEqualTo(TransactionMode.SINGLE);
        assertThat(c.placeholderReplacement()).isTrue();
        assertThat(c.applicationName()).isEqualTo("migrator");
        assertThat(c.placeholders()).isEmpty();
        assertThat(c.seedVariables()).isEmpty();
        assertThat(c.checks()).isEmpty();
    }

    @Test
    void aNegativeLockTimeoutIsRefusedNamingTheSetting() {
        ConfigurationException e = refusal(() -> Migrator.configure()
                .url(URL)
                .lockTimeout(Duration.ofSeconds(-1))
                .load());
        assertThat(e.facts()).containsEntry("setting", "lock-timeout");
        assertThat(e.getMessage()).contains("lock-timeout", "PT-1S");
    }

    @Test
    void negativeOrZeroDurationsOfTheOtherTimeoutsAreRefusedNamingEach() {
        assertThat(refusal(() -> Migrator.configure()
                                .url(URL)
                                .ddlLockTimeout(Duration.ofMillis(-5))
                                .build())
                        .facts())
                .containsEntry("setting", "ddl-lock-timeout");
        assertThat(refusal(() -> Migrator.configure()
                                .url(URL)
                                .connectTimeout(Duration.ofSeconds(-3))
                                .build())
                        .facts())
                .containsEntry("setting", "connect-timeout");
        assertThat(refusal(() -> Migrator.configure()
                                .url(URL)
                                .lockLogInterval(Duration.ZERO)
                                .build())
                        .facts())
                .containsEntry("setting", "lock-log-interval");
        assertThat(refusal(() -> Migrator.configure()
                                .url(URL)
                                .lockLogInterval(Duration.ofSeconds(-1))
                                .build())
                        .facts())
                .containsEntry("setting", "lock-log-interval");
        assertThat(refusal(() -> Migrator.configure().url(URL).lockTimeout(null).build())
                        .facts())
                .containsEntry("setting", "lock-timeout");
    }

    @Test
    void everySecretGivenToTheConfigurationIsMaskedInAnyLaterText() {
        String tail = Long.toString(System.nanoTime(), 36);
        String password = "pw-" + tail;
        String migrationPassword = "mpw-" + tail;
        String seedValue = "seed-" + tail;
        String urlPassword = "urlpw-" + tail;
        String migrationUrlPassword = "murlpw-" + tail;
        Migrator.configure()
                .url(URL + "?password=" + urlPassword)
                .password(password)
                .migrationUrl("jdbc:postgresql://direct:5432/app?user=owner&password=" + migrationUrlPassword)
                .migrationPassword(migrationPassword)
                .seedVariable("ADMIN_HASH", seedValue)
                .build();

        // A server error, a log line or a report that echoes a value later, without a URL around it.
        for (String secret : new String[] {password, migrationPassword, seedValue, urlPassword, migrationUrlPassword}) {
            assertThat(io.lucidity.migrator.internal.Redactor.redact("value (" + secret + ") rejected"))
                    .as(secret)
                    .isEqualTo("value (<masked>) rejected");
        }
    }

    @Test
    void theLessCommonSettingsChainLikeTheOthersAndAreKept() {
        MigratorConfig c = Migrator.configure()
                .url(URL)
                .transactionMode(TransactionMode.PER_MIGRATION)
                .placeholderReplacement(false)
                .check(PreUpgradeCheck.sql("jobs-drained", "SELECT count(*) FROM jobs"))
                .schema("app")
                .build();

        assertThat(c.transactionMode()).isEqualTo(TransactionMode.PER_MIGRATION);
        assertThat(c.placeholderReplacement()).isFalse();
        assertThat(c.checks()).extracting(PreUpgradeCheck::name).containsExactly("jobs-drained");
        assertThat(c.schema()).isEqualTo("app");
    }

    @Test
    void zeroTimeoutsAreAccepted() {
        MigratorConfig c = Migrator.configure()
                .url(URL)
                .lockTimeout(Duration.ZERO)
                .ddlLockTimeout(Duration.ZERO)
                .connectTimeout(Duration.ZERO)
                .build();
        assertThat(c.lockTimeout()).isZero();
        assertThat(c.ddlLockTimeout()).isZero();
    }

    @Test
    void aSchemaThatIsNotAPlainIdentifierIsRefused() {
        ConfigurationException e = refusal(() ->
                Migrator.configure().url(URL).schema("app; DROP SCHEMA public").load());
        assertThat(e.facts()).containsEntry("setting", "schema");
        assertThat(e.getMessage()).contains("'app; DROP SCHEMA public' is not a plain SQL identifier");

        assertThat(refusal(() -> Migrator.configure()
                                .url(URL)
                                .schema("x".repeat(64))
                                .build())
                        .facts())
                .containsEntry("setting", "schema");
        assertThat(refusal(() -> Migrator.configure()
                                .url(URL)
                                .table("history-table")
                                .build())
                        .facts())
                .containsEntry("setting", "table");
        assertThat(Migrator.configure()
                        .url(URL)
                        .schema("App_2")
                        .table("my_history")
                        .build()
                        .schema())
                .isEqualTo("App_2");
    }

    @Test
    void aHistoryTableWhoseIndexNameWouldExceedSixtyThreeBytesIsRefusedNamingTheDerivedName() {
        String ascii = "h".repeat(57); // h..._s_idx: 63 bytes, the longest name derived from the table
        assertThat(Migrator.configure().url(URL).table(ascii).build().table()).isEqualTo(ascii);

        ConfigurationException e =
                refusal(() -> Migrator.configure().url(URL).table(ascii + "h").load());

        assertThat(e.facts())
                .containsEntry("setting", "table")
                .containsEntry("name", ascii + "h_s_idx")
                .containsEntry("length", "64 bytes (UTF-8)")
                .containsEntry("limit", "63 bytes");
        assertThat(e.getMessage()).contains("index", ascii + "h_s_idx");
        assertThat(e.remedy()).contains("at most 57 bytes");
    }

    @Test
    void multiByteNamesAreMeasuredInBytesOfUtf8() {
        String table = "\u00e9".repeat(28) + "h"; // 57 bytes: its index name has 63
        String schema = "\u00fc".repeat(31) + "s"; // 63 bytes
        MigratorConfig c =
                Migrator.configure().url(URL).schema(schema).table(table).build();
        assertThat(c.table()).isEqualTo(table);
        assertThat(c.schema()).isEqualTo(schema);

        ConfigurationException tooLongTable = refusal(
                () -> Migrator.configure().url(URL).table("\u00e9".repeat(29)).build());
        assertThat(tooLongTable.facts())
                .containsEntry("setting", "table")
                .containsEntry("name", "\u00e9".repeat(29) + "_s_idx")
                .containsEntry("length", "64 bytes (UTF-8)");

        ConfigurationException tooLongSchema = refusal(
                () -> Migrator.configure().url(URL).schema("\u00fc".repeat(32)).build());
        assertThat(tooLongSchema.facts())
                .containsEntry("setting", "schema")
                .containsEntry("name", "\u00fc".repeat(32))
                .containsEntry("length", "64 bytes (UTF-8)")
                .containsEntry("limit", "63 bytes");
        assertThat(tooLongSchema.getMessage()).doesNotContain("null");
    }

    @Test
    void neitherUrlNorDataSourceIsRefused() {
        ConfigurationException e = refusal(() -> Migrator.configure().load());
        assertThat(e.facts()).containsEntry("setting", "url");
        assertThat(e.getMessage()).contains("not set and no DataSource");
        assertThat(e.remedy()).contains("Set url(..) or dataSource(..) to a jdbc:postgresql:// URL");
    }

    @Test
    void bothUrlAndDataSourceAreRefused() {
        ConfigurationException e = refusal(() ->
                Migrator.configure().url(URL).dataSource(new NoDataSource()).load());
        assertThat(e.facts()).containsEntry("setting", "url");
        assertThat(e.getMessage()).contains("together with a DataSource");
        assertThat(e.remedy()).contains("migration-url");
    }

    @Test
    void aUrlThatIsNotPostgresIsRefusedWithItsPasswordMasked() {
        ConfigurationException e = refusal(() -> Migrator.configure()
                .url("jdbc:mysql://h/db?password=Url-pw-3c9d")
                .build());
        assertThat(e.facts()).containsEntry("setting", "url");
        assertThat(e.getMessage()).contains("is not a PostgreSQL JDBC URL").doesNotContain("Url-pw-3c9d");

        assertThat(refusal(() -> Migrator.configure()
                                .url(URL)
                                .migrationUrl("postgres://h/db")
                                .build())
                        .facts())
                .containsEntry("setting", "migration-url");
    }

    @Test
    void aBadExtensionSpecIsRefusedNamingTheSetting() {
        for (String spec : new String[] {"vector>>0.5", "vector>=", "vector<=0.5.0", "1vector", ""}) {
            ConfigurationException e = catchThrowableOfType(
                    ConfigurationException.class,
                    () -> Migrator.configure().url(URL).extensions(spec).load());
            assertThat(e).as(spec).isNotNull();
            assertThat(e.code()).isEqualTo(DiagnosticCode.CONFIG_INVALID);
            assertThat(e.facts()).containsEntry("setting", "extensions");
            assertThat(e.getMessage()).contains("'" + spec + "'");
            assertThat(e.remedy()).contains("vector>=0.5.0");
        }
    }

    @Test
    void extensionSpecsParseNameAndMinimumVersion() {
        MigratorConfig c = Migrator.configure()
                .url(URL)
                .extensions("vector>=0.5.0", " pg_trgm ", "postgis >= 3.4.2")
                .build();
        assertThat(c.extensions())
                .containsExactly(
                        new ExtensionRequirement("vector", "0.5.0"),
                        new ExtensionRequirement("pg_trgm", null),
                        new ExtensionRequirement("postgis", "3.4.2"));
        assertThat(c.extensions().get(0).isSatisfiedBy("0.10.0")).isTrue();
        assertThat(c.extensions().get(0).isSatisfiedBy("0.4.4")).isFalse();
    }

    @Test
    void anUnknownLocationPrefixIsRefused() {
        ConfigurationException e = refusal(() ->
                Migrator.configure().url(URL).locations("s3:bucket/migrations").load());
        assertThat(e.facts()).containsEntry("setting", "locations");
        assertThat(e.getMessage()).contains("'s3:bucket/migrations' has an unknown prefix");
        assertThat(e.remedy()).contains("classpath:", "filesystem:");

        assertThat(refusal(() -> Migrator.configure()
                                .url(URL)
                                .seedLocations("http://x/seeds")
                                .build())
                        .facts())
                .containsEntry("setting", "seeds");
        assertThat(refusal(() -> Migrator.configure().url(URL).locations().build())
                        .facts())
                .containsEntry("setting", "locations");
        assertThat(refusal(() -> Migrator.configure()
                                .url(URL)
                                .locations("classpath:db/migration", " ")
                                .build())
                        .facts())
                .containsEntry("setting", "locations");
    }

    @Test
    void locationsWithAndWithoutPrefixAreAccepted() {
        MigratorConfig c = Migrator.configure()
                .url(URL)
                .locations("db/migration", "classpath:more", "filesystem:/srv/sql")
                .seedLocations()
                .build();
        assertThat(c.locations()).containsExactly("db/migration", "classpath:more", "filesystem:/srv/sql");
        assertThat(c.seedLocations()).as("no seed locations disables seeds").isEmpty();
    }

    @Test
    void anUnknownKeyIsRefusedNamingItAndListingTheKnownOnes() {
        ConfigurationException e =
                refusal(() -> Migrator.configure().url(URL).setting("nope", "1").load());
        assertThat(e.facts()).containsEntry("setting", "nope");
        assertThat(e.getMessage()).contains("nope is not a Migrator option");
        assertThat(e.remedy()).contains("lock-timeout", "ddl-lock-timeout", "placeholders.<name>", "check.<name>.sql");
    }

    @Test
    void anEmptyApplicationNameIsRefused() {
        assertThat(refusal(() -> Migrator.configure()
                                .url(URL)
                                .applicationName(" ")
                                .build())
                        .facts())
                .containsEntry("setting", "application-name");
    }

    @Test
    void theConfigurationIsImmutable() {
        MigratorConfig.Builder builder =
                Migrator.configure().url(URL).placeholder("tenant", "acme").seedVariable("X_VAR", "x");
        MigratorConfig c = builder.build();
        builder.placeholder("tenant", "other").lockTimeout(Duration.ofSeconds(1));

        assertThat(c.placeholders()).containsExactly(java.util.Map.entry("tenant", "acme"));
        assertThat(c.lockTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(catchThrowableOfType(
                        UnsupportedOperationException.class, () -> c.locations().add("x")))
                .isNotNull();
        assertThat(catchThrowableOfType(
                        UnsupportedOperationException.class,
                        () -> c.seedVariables().put("Y", "y")))
                .isNotNull();
    }

    @Test
    void toStringMasksPasswordsAndUrlPasswords() {
        MigratorConfig c = Migrator.configure()
                .url("jdbc:postgresql://db.internal:5432/app?user=app&password=Url-Secret-1a2b&sslmode=require")
                .user("app")
                .password("Builder-Secret-1a2b")
                .migrationUrl("jdbc:postgresql://direct:5432/app?password=Mig-Url-Secret-1a2b")
                .migrationUser("owner")
                .migrationPassword("Mig-Secret-1a2b")
                .seedVariable("ADMIN_PASSWORD_HASH", "Seed-Secret-1a2b")
                .placeholder("tenant", "acme")
                .build();

        String text = c.toString();

        assertThat(text)
                .doesNotContain(
                        "Url-Secret-1a2b",
                        "Builder-Secret-1a2b",
                        "Mig-Url-Secret-1a2b",
                        "Mig-Secret-1a2b",
                        "Seed-Secret-1a2b");
        assertThat(text)
                .contains(
                        "<masked>",
                        "user=app",
                        "db.internal:5432/app",
                        "sslmode=require",
                        "migrationUser=owner",
                        "ADMIN_PASSWORD_HASH",
                        "tenant");
        assertThat(text).contains("password=<masked>");
    }

    @Test
    void toStringShowsNoPasswordWhenThereIsNone() {
        assertThat(Migrator.configure().url(URL).build().toString())
                .contains("password=null")
                .doesNotContain("<masked>");
    }

    /** A DataSource that is never asked for a connection. */
    private static final class NoDataSource implements DataSource {
        @Override
        public Connection getConnection() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Connection getConnection(String username, String password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
