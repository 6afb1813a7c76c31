package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lucidity.migrator.support.CapturedOutput;
import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.LockKey;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Neither the database password nor a {@code ${env:}} seed value ever reaches a log line, a diagnostic
 * (message, facts, remedy, causes) or a report — not even when the server echoes it back in an error — through every
 * operation of the API. (Every CLI command, as processes: the reliability module's {@code CliSecretsTest}; the CLI's
 * password sources: the cli module's {@code SecretsIT}.)
 */
class SecretsTest {
    private static final String PASSWORD = "Pw-" + UUID.randomUUID().toString().replace("-", "");
    private static final String SEED_SECRET =
            "Seed-" + UUID.randomUUID().toString().replace("-", "");
    private static final String WRONG_PASSWORD =
            "Wrong-" + UUID.randomUUID().toString().replace("-", "");
    /** A secret that the server echoes transformed: escaped (quote, backslash, apostrophe) and case-folded. */
    private static final String ECHO_TAIL =
            UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    private static final String ECHO_SECRET = "EchoSecret-\"Q'\\" + ECHO_TAIL;
    /** Tables whose errors echo a seed value: in a row image, a JSON value, an array, lower-cased, in a cast error. */
    private static final String ECHO_TABLES = """
            CREATE TABLE echo_check (name text PRIMARY KEY, labels text[] CHECK (cardinality(labels) < 2));
            CREATE TABLE echo_json (name text PRIMARY KEY, settings jsonb CHECK (jsonb_typeof(settings) = 'object'));
            CREATE TABLE echo_array (name text PRIMARY KEY, labels text[] UNIQUE);
            CREATE TABLE echo_lower (id int PRIMARY KEY, email text);
            CREATE UNIQUE INDEX echo_lower_email ON echo_lower (lower(email));
            CREATE TABLE echo_cast (name text PRIMARY KEY, n int);
            """;
    /** One failing seed per way the server echoes the value. */
    private static final Map<String, String> ECHO_SEEDS = new TreeMap<>(Map.of(
            "03_check.json", """
                    {"table": "echo_check", "key": ["name"], "rows": [{"name": "a", "labels": ["${env:SECRETS_TEST_ECHO}", "b"]}]}""",
            "03_json.json", """
                    {"table": "echo_json", "key": ["name"], "rows": [{"name": "a", "settings": "${env:SECRETS_TEST_ECHO}"}]}""",
            "03_array.json", """
                    {"table": "echo_array", "key": ["name"], "rows": [{"name": "a", "labels": ["${env:SECRETS_TEST_ECHO}"]},
                                                                     {"name": "b", "labels": ["${env:SECRETS_TEST_ECHO}"]}]}""",
            "03_lower.json", """
                    {"table": "echo_lower", "key": ["id"], "rows": [{"id": 1, "email": "${env:SECRETS_TEST_ECHO}"},
                                                                    {"id": 2, "email": "${env:SECRETS_TEST_ECHO}"}]}""",
            "03_cast.json", """
                    {"table": "echo_cast", "key": ["name"], "rows": [{"name": "a", "n": "${env:SECRETS_TEST_ECHO}"}]}"""));

    private TestDb db;
    private MigrationFiles dir;
    private String role;
    private final List<String> seen = new ArrayList<>();

    @BeforeEach
    void setUp() throws SQLException {
        db = new TestDb();
        dir = new MigrationFiles()
                .migration(
                        "V1__users.sql",
                        "CREATE TABLE users (email text PRIMARY KEY, password_hash text, login_count int, token text UNIQUE);")
                .seed("01_admin.json", """
                        {"table": "users", "key": ["email"], "mode": "upsert",
                         "rows": [{"email": "admin@example.com", "password_hash": "${env:SECRETS_TEST_HASH}"}]}
                        """);
        role = "secrets_" + UUID.randomUUID().toString().substring(0, 8);
        db.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + PASSWORD + "'; "
                + (TestServer.vector() ? "CREATE EXTENSION vector; " : "") + "ALTER DATABASE " + db.name()
                + " OWNER TO " + role + "; ALTER SCHEMA public OWNER TO " + role);
    }

    @AfterEach
    void tearDown() throws SQLException {
        dir.close();
        db.close();
        try (TestDb other = new TestDb()) {
            other.execute("DROP ROLE IF EXISTS " + role);
        }
    }

    /** Migrator as the role with the known password, with the known seed secret. */
    private MigratorConfig.Builder configure() {
        return TestDb.extensions(Migrator.configure()
                .url(db.url())
                .user(role)
                .password(PASSWORD)
                .locations(dir.locations())
                .seedLocations(dir.seeds())
                .seedVariable("SECRETS_TEST_HASH", SEED_SECRET)
                .seedVariable("SECRETS_TEST_ECHO", ECHO_SECRET));
    }

    @Test
    void aSuccessfulUpgradeShowsNeitherSecret() throws SQLException {
        try (CapturedOutput output = CapturedOutput.start();
                Migrator migrator = configure().load()) {
            UpgradeReport report = migrator.upgradeToHead();
            UpgradeReport again = migrator.upgradeToHead();
            see(
                    report.toJson(),
                    report.summary(),
                    report.toString(),
                    again.toJson(),
                    again.summary(),
                    migrator.config().toString(),
                    String.valueOf(migrator.status()));
            see(output.text());
        }

        assertThat(db.value("SELECT password_hash FROM users"))
                .as("the secret did reach the database")
                .isEqualTo(SEED_SECRET);
        assertNoSecretSeen();
    }

    @Test
    void aCheckViolationsRowImageWithTheSecretInsideAnArrayIsWithheld() throws SQLException {
        dir.migration(
                        "V2__vault.sql",
                        "CREATE TABLE vault (name text PRIMARY KEY, labels text[] CHECK (cardinality(labels) < 2));")
                .seed("02_vault.json", """
                        {"table": "vault", "key": ["name"], "rows": [{"name": "a", "labels": ["${env:SECRETS_TEST_ECHO}", "b"]}]}
                        """);

        SeedException e = echoFailure();

        assertThat(e.sqlState()).isEqualTo("23514");
        assertThat(e.facts()).containsEntry("table", "vault").containsEntry("constraint", "vault_labels_check");
        assertThat(e.facts().get("error"))
                .isEqualTo("new row for relation \"vault\" violates check constraint \"vault_labels_check\"");
    }

    @Test
    void aSecretInsideAJsonValueIsWithheld() throws SQLException {
        dir.migration(
                        "V2__vault.sql",
                        "CREATE TABLE vault (name text PRIMARY KEY, settings jsonb CHECK (jsonb_typeof(settings) = 'object'));")
                .seed("02_vault.json", """
                        {"table": "vault", "key": ["name"], "rows": [{"name": "a", "settings": "${env:SECRETS_TEST_ECHO}"}]}
                        """);

        SeedException e = echoFailure();

        assertThat(e.sqlState()).isEqualTo("23514");
        assertThat(e.facts()).containsEntry("constraint", "vault_settings_check");
    }

    @Test
    void aSecretInsideAnArrayKeyIsWithheld() throws SQLException {
        dir.migration("V2__vault.sql", "CREATE TABLE vault (name text PRIMARY KEY, labels text[] UNIQUE);")
                .seed("02_vault.json", """
                        {"table": "vault", "key": ["name"], "rows": [{"name": "a", "labels": ["${env:SECRETS_TEST_ECHO}"]},
                                                                     {"name": "b", "labels": ["${env:SECRETS_TEST_ECHO}"]}]}
                        """);

        SeedException e = echoFailure();

        assertThat(e.sqlState()).isEqualTo("23505");
        assertThat(e.facts()).containsEntry("constraint", "vault_labels_key");
    }

    @Test
    void aSecretLowerCasedByAnExpressionIndexIsWithheld() throws SQLException {
        dir.migration("V2__accounts.sql", """
                        CREATE TABLE accounts (id int PRIMARY KEY, email text);
                        CREATE UNIQUE INDEX accounts_email_lower ON accounts (lower(email));
                        """).seed("02_accounts.json", """
                        {"table": "accounts", "key": ["id"], "rows": [{"id": 1, "email": "${env:SECRETS_TEST_ECHO}"},
                                                                      {"id": 2, "email": "${env:SECRETS_TEST_ECHO}"}]}
                        """);

        SeedException e = echoFailure();

        assertThat(e.sqlState()).isEqualTo("23505");
        assertThat(e.facts()).containsEntry("table", "accounts").containsEntry("constraint", "accounts_email_lower");
    }

    @Test
    void aCastErrorThatEchoesTheSecretIsWithheld() throws SQLException {
        dir.seed("02_counter.json", """
                {"table": "users", "key": ["email"], "rows": [{"email": "ops@example.com", "login_count": "${env:SECRETS_TEST_ECHO}"}]}
                """);

        SeedException e = echoFailure();

        assertThat(e.sqlState()).isEqualTo("22P02");
        assertThat(e.facts()).containsEntry("row", "1");
        assertThat(e.facts().get("error")).isEqualTo("invalid input syntax for type integer: <withheld>");
        assertThat(e.getCause())
                .as("a sanitized stand-in for the driver's exception")
                .isInstanceOf(SQLException.class)
                .hasMessage("invalid input syntax for type integer: <withheld>")
                .hasNoCause()
                .hasToString("org.postgresql.util.PSQLException: invalid input syntax for type integer: <withheld>");
        assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo("22P02");
    }

    @Test
    void aSecretInsideANestedJsonValueIsSubstitutedAndNeverShown() throws SQLException {
        dir.migration(
                        "V2__settings.sql",
                        "CREATE TABLE settings (name text PRIMARY KEY, value jsonb NOT NULL, history jsonb[]);")
                .seed("02_settings.json", """
                        {"table": "settings", "key": ["name"],
                         "rows": [{"name": "smtp",
                                   "value": {"host": "mail", "auth": {"password": "${env:SECRETS_TEST_ECHO}", "port": 25},
                                             "fallbacks": ["${env:SECRETS_TEST_HASH}", {"token": "x-${env:SECRETS_TEST_HASH}"}]},
                                   "history": [{"password": "${env:SECRETS_TEST_ECHO}"}]}]}
                        """);

        try (CapturedOutput output = CapturedOutput.start();
                Migrator migrator = configure().load()) {
            UpgradeReport report = migrator.upgradeToHead();
            see(report.toJson(), report.summary(), report.toString(), output.text());
        }

        assertThat(db.value("SELECT value->'auth'->>'password' FROM settings")).isEqualTo(ECHO_SECRET);
        assertThat(db.value("SELECT value->'auth'->>'port' FROM settings")).isEqualTo("25");
        assertThat(db.value("SELECT value->'fallbacks'->>0 FROM settings")).isEqualTo(SEED_SECRET);
        assertThat(db.value("SELECT value->'fallbacks'->1->>'token' FROM settings"))
                .isEqualTo("x-" + SEED_SECRET);
        assertThat(db.value("SELECT history[1]->>'password' FROM settings")).isEqualTo(ECHO_SECRET);
        assertNoSecretSeen();
    }

    /** Runs the upgrade, which must fail on the seed that carries {@code ${env:SECRETS_TEST_ECHO}}, and checks all it shows. */
    private SeedException echoFailure() {
        SeedException e;
        try (CapturedOutput output = CapturedOutput.start();
                Migrator migrator = configure().load()) {
            e = catchThrowableOfType(SeedException.class, migrator::upgradeToHead);
            see(output.text());
        }
        seeAll(e);
        for (Throwable t = e; t != null; t = t.getCause()) {
            see(String.valueOf(t.getMessage()), t.toString());
        }

        assertThat(e.code()).isEqualTo(DiagnosticCode.SEED_FAILED);
        assertNoSecretSeen();
        assertThat(e.facts().get("withheld"))
                .as(e.getMessage())
                .contains("because the statement carried secret values", "SECRETS_TEST_ECHO");
        assertThat(e.getMessage()).contains("withheld");
        return e;
    }

    @Test
    void aFailingMigrationThatCarriesThePasswordShowsItMasked() {
        dir.migration("V2__remote.sql", """
                CREATE USER MAPPING FOR CURRENT_USER SERVER no_such_server OPTIONS (user 'remote', password '${remote_password}');
                """);

        MigratorException e;
        try (CapturedOutput output = CapturedOutput.start();
                Migrator migrator =
                        configure().placeholder("remote_password", PASSWORD).load()) {
            e = catchThrowableOfType(MigratorException.class, migrator::upgradeToHead);
            see(output.text());
        }
        seeAll(e);

        assertThat(e.code()).isEqualTo(DiagnosticCode.MIGRATION_FAILED);
        assertThat(e.facts().get("statement")).contains("password '<masked>'");
        assertNoSecretSeen();
    }

    @Test
    void aMigrationErrorThatEchoesThePasswordShowsItMasked() {
        dir.migration("V2__check.sql", "SELECT '${remote_password}'::int;\n");

        MigratorException e;
        try (CapturedOutput output = CapturedOutput.start();
                Migrator migrator =
                        configure().placeholder("remote_password", PASSWORD).load()) {
            e = catchThrowableOfType(MigratorException.class, migrator::upgradeToHead);
            see(output.text());
        }
        seeAll(e);

        assertThat(e.code()).isEqualTo(DiagnosticCode.MIGRATION_FAILED);
        assertThat(e.facts().get("error")).isEqualTo("invalid input syntax for type integer: \"<masked>\"");
        assertNoSecretSeen();
    }

    @Test
    void aWrongPasswordIsNeverShown() {
        MigratorException e;
        try (CapturedOutput output = CapturedOutput.start();
                Migrator migrator = configure().password(WRONG_PASSWORD).load()) {
            e = catchThrowableOfType(MigratorException.class, migrator::upgradeToHead);
            see(output.text(), migrator.config().toString());
        }
        seeAll(e);

        assertThat(e.code()).isEqualTo(DiagnosticCode.AUTHENTICATION_FAILED);
        assertNoSecretSeen();
    }

    @Test
    void aLockTimeoutShowsNeitherSecretEvenInTheHoldersQuery() throws Exception {
        dir.migration("V2__slow.sql", "SELECT pg_sleep(4), length('${remote_password}'), length('${seed_echo}');\n");

        MigratorException e;
        try (CapturedOutput output = CapturedOutput.start()) {
            CompletableFuture<UpgradeReport> first = CompletableFuture.supplyAsync(() -> {
                try (Migrator migrator = configure()
                        .placeholder("remote_password", PASSWORD)
                        .placeholder("seed_echo", SEED_SECRET)
                        .applicationName("first-instance")
                        .load()) {
                    return migrator.upgradeToHead();
                }
            });
            awaitSlowMigration();
            try (Migrator second = configure()
                    .placeholder("remote_password", PASSWORD)
                    .placeholder("seed_echo", SEED_SECRET)
                    .lockTimeout(Duration.ofSeconds(1))
                    .lockLogInterval(Duration.ofMillis(300))
                    .load()) {
                e = catchThrowableOfType(MigratorException.class, second::upgradeToHead);
            }
            UpgradeReport report = first.get(30, TimeUnit.SECONDS);
            see(report.toJson(), output.text());
        }
        seeAll(e);

        assertThat(e.code()).isEqualTo(DiagnosticCode.LOCK_TIMEOUT);
        assertThat(e.facts()).containsEntry("holder application", "first-instance");
        assertThat(e.facts().get("holder query")).contains("pg_sleep", "<masked>");
        assertNoSecretSeen();
    }

    @Test
    void aUrlTheDriverCannotParseIsRefusedAtLoadWithoutAnyFragmentOfItsPassword() {
        String first = "Frag" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String second = "Tail" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String base = db.url();
        String hostAndDatabase = base.substring("jdbc:postgresql://".length());
        List<String> urls = List.of(
                base + "?user=" + role + "&password=" + first + "%zz&" + second,
                base + "?user=" + role + "&password=" + first + "&" + second + "%2",
                base + "?password=" + first + "%" + second,
                "jdbc:postgresql://" + role + ":" + first + "%zz" + second + "@" + hostAndDatabase,
                "jdbc:postgresql://" + role + ":" + first + "/" + second + "@" + hostAndDatabase);
        try (CapturedOutput output = CapturedOutput.start();
                DriverLog driverLog = DriverLog.start()) {
            for (String url : urls) {
                for (boolean migrationUrl : List.of(false, true)) {
                    MigratorConfig.Builder builder = Migrator.configure()
                            .locations(dir.locations())
                            .seedLocations(dir.seeds())
                            .connectTimeout(Duration.ofSeconds(60));
                    builder = migrationUrl
                            ? builder.url(base).user(role).password(PASSWORD).migrationUrl(url)
                            : builder.url(url);
                    long start = System.nanoTime();
                    ConfigurationException e = catchThrowableOfType(ConfigurationException.class, builder::load);
                    Duration took = Duration.ofNanos(System.nanoTime() - start);

                    assertThat(e).as("load() refuses %s", url).isNotNull();
                    assertThat(took)
                            .as("refused at once, not after the connect timeout")
                            .isLessThan(Duration.ofSeconds(5));
                    assertThat(e.code()).isEqualTo(DiagnosticCode.CONFIG_INVALID);
                    assertThat(e.facts()).containsEntry("setting", migrationUrl ? "migration-url" : "url");
                    assertThat(e.remedy())
                            .contains("percent-encode", "password(..)")
                            .doesNotContain("MIGRATOR_", "--password-file");
                    seeAll(e);
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        see(String.valueOf(t.getMessage()), t.toString());
                    }
                }
            }
            see(output.text());
            see(driverLog.text());
        }
        assertNoSecretSeen();
        for (String text : seen) {
            assertThat(text)
                    .as("no fragment of the password")
                    .doesNotContain(first)
                    .doesNotContain(second);
        }
    }

    @Test
    void everyApiOperationAndFailureShowsNeitherSecret() throws Exception {
        dir.migration("V2__notes.sql", "CREATE TABLE notes (id int PRIMARY KEY, body text);")
                .migration("U2__notes.sql", "DROP TABLE notes;");
        try (CapturedOutput output = CapturedOutput.start()) {
            apiOperations();
            see(output.text());
            assertThat(output.text()).as("the logs were captured").contains("[migrator]");
        }
        assertNoSecretSeen();
    }

    /** Every operation, then every refusal this set-up can provoke, each seen in full. */
    private void apiOperations() throws Exception {
        Function<String, MigratorConfig.Builder> as = password -> configure()
                .password(password)
                .connectTimeout(Duration.ofSeconds(3))
                .lockTimeout(Duration.ofSeconds(1));
        try (Migrator m = as.apply(PASSWORD).load()) {
            see(
                    m.config().toString(),
                    String.valueOf(m.plan()),
                    m.upgradeToHead().toJson(),
                    m.upgradeToHead().summary(),
                    String.valueOf(m.current()),
                    String.valueOf(m.history()),
                    String.valueOf(m.status()),
                    String.valueOf(m.check()),
                    String.valueOf(m.validate()),
                    String.valueOf(m.seed()),
                    String.valueOf(m.downgradeTo("1")),
                    String.valueOf(m.stamp("2")),
                    String.valueOf(m.repair()));
        }
        refusal(as.apply(WRONG_PASSWORD), Migrator::upgradeToHead, DiagnosticCode.AUTHENTICATION_FAILED);
        refusal(
                TestDb.extensions(Migrator.configure()
                        .url(db.url() + "?password=" + WRONG_PASSWORD)
                        .user(role)
                        .locations(dir.locations())
                        .seedLocations(dir.seeds())),
                Migrator::status,
                DiagnosticCode.AUTHENTICATION_FAILED);
        refusal(
                TestDb.extensions(Migrator.configure()
                        .url(db.url())
                        .user(role)
                        .password(PASSWORD)
                        .locations(dir.locations())
                        .seedLocations(dir.seeds())),
                Migrator::upgradeToHead,
                DiagnosticCode.SEED_VARIABLE_MISSING);
        // The server echoes the secret in its error: Key (token)=(<secret>) already exists.
        db.execute("INSERT INTO users (email, token) VALUES ('other@example.com', '" + SEED_SECRET + "')");
        dir.seed("02_token.json", """
                {"table": "users", "key": ["email"], "rows": [{"email": "ops@example.com", "token": "${env:SECRETS_TEST_HASH}"}]}
                """);
        refusal(as.apply(PASSWORD), Migrator::upgradeToHead, DiagnosticCode.SEED_FAILED);
        refusal(as.apply(PASSWORD), Migrator::seed, DiagnosticCode.SEED_FAILED);
        dir.removeSeed("02_token.json");
        dir.migration("V2_1__echo.sql", ECHO_TABLES);
        for (Map.Entry<String, String> seed : ECHO_SEEDS.entrySet()) {
            dir.seed(seed.getKey(), seed.getValue());
            MigratorException e = refusal(as.apply(PASSWORD), Migrator::upgradeToHead, DiagnosticCode.SEED_FAILED);
            assertThat(e.facts().get("withheld"))
                    .as(e.getMessage())
                    .contains("secret values", "${env:SECRETS_TEST_ECHO}");
            refusal(as.apply(PASSWORD), Migrator::seed, DiagnosticCode.SEED_FAILED);
            dir.removeSeed(seed.getKey());
        }
        dir.migration("V3__echo.sql", "SELECT '" + PASSWORD + "'::int;");
        refusal(as.apply(PASSWORD), Migrator::upgradeToHead, DiagnosticCode.MIGRATION_FAILED);
        dir.removeMigration("V3__echo.sql");
        // Another session holds the lock with the secret in its query text.
        try (Connection holder = db.connect();
                Statement s = holder.createStatement()) {
            s.execute(LockKey.lockSql("public").replace("SELECT ", "SELECT '" + SEED_SECRET + "' AS p, "));
            dir.migration("V3__next.sql", "CREATE TABLE next (id int);");
            refusal(as.apply(PASSWORD), Migrator::upgradeToHead, DiagnosticCode.LOCK_TIMEOUT);
            try (Migrator m = as.apply(PASSWORD).load()) {
                see(String.valueOf(m.status()));
            }
        }
        refusal(
                as.apply(PASSWORD).lockTimeout(Duration.ofSeconds(-1)),
                Migrator::upgradeToHead,
                DiagnosticCode.CONFIG_INVALID);
        for (String table : List.of("flyway_schema_history", "migrator_seed_journal")) {
            if (db.exists(table)) {
                seen.addAll(db.column("SELECT t::text FROM " + table + " t"));
            }
        }
    }

    /** Loads {@code builder} and calls {@code call}, which must be refused with {@code code}; sees all it shows. */
    private MigratorException refusal(
            MigratorConfig.Builder builder, Function<Migrator, Object> call, DiagnosticCode code) {
        Throwable thrown = catchThrowable(() -> {
            try (Migrator m = builder.load()) {
                call.apply(m);
            }
        });
        assertThat(thrown).isInstanceOf(MigratorException.class);
        MigratorException e = (MigratorException) thrown;
        seeAll(e);
        for (Throwable t = e; t != null; t = t.getCause()) {
            see(String.valueOf(t.getMessage()), t.toString());
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                see(String.valueOf(sql.getNextException().getMessage()));
            }
        }
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        return e;
    }

    private void awaitSlowMigration() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!"0".equals(db.value("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(4)%'"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the slow migration did not start");
    }

    private void see(String... texts) {
        seen.addAll(List.of(texts));
    }

    /** Everything a user can see of an exception: message, summary, facts, remedy, and the printed stack trace with causes. */
    private void seeAll(MigratorException e) {
        assertThat(e).as("an exception was expected").isNotNull();
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        see(
                e.getMessage(),
                e.summary(),
                String.valueOf(e.remedy()),
                e.facts().toString(),
                e.toString(),
                trace.toString());
    }

    private void assertNoSecretSeen() {
        assertThat(seen).isNotEmpty();
        for (String text : seen) {
            assertThat(text).doesNotContain(PASSWORD, SEED_SECRET, WRONG_PASSWORD);
            for (String form : forms(ECHO_SECRET)) {
                assertThat(text).doesNotContain(form);
            }
            assertThat(text).as("no fragment of the echoed secret, in any case").doesNotContainIgnoringCase(ECHO_TAIL);
        }
    }

    /** The secret as it is, lower-cased, upper-cased, JSON- (and array-) escaped, SQL-escaped, and escaped then case-folded. */
    private static List<String> forms(String secret) {
        List<String> forms = new ArrayList<>();
        for (String escaped :
                List.of(secret, secret.replace("\\", "\\\\").replace("\"", "\\\""), secret.replace("'", "''"))) {
            forms.add(escaped);
            forms.add(escaped.toLowerCase(Locale.ROOT));
            forms.add(escaped.toUpperCase(Locale.ROOT));
        }
        return forms;
    }

    /** Everything the PostgreSQL driver logs through java.util.logging (at every level, FINE included) while open. */
    private static final class DriverLog extends Handler implements AutoCloseable {
        private final Logger driver = Logger.getLogger("org.postgresql");
        private final Level level = driver.getLevel();
        private final List<String> records = new CopyOnWriteArrayList<>();

        static DriverLog start() {
            DriverLog log = new DriverLog();
            log.setLevel(Level.ALL);
            log.driver.setLevel(Level.ALL);
            log.driver.addHandler(log);
            return log;
        }

        String text() {
            return String.join("\n", records);
        }

        @Override
        public void publish(LogRecord record) {
            records.add(record.getMessage() + " " + Arrays.toString(record.getParameters()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            driver.removeHandler(this);
            driver.setLevel(level);
        }
    }
}
