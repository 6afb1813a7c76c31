package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lucidity.migrator.support.CapturedOutput;
import io.lucidity.migrator.support.MigrationDir;
import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.support.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Neither the database password nor a {@code ${env:}} seed value ever reaches a log line, a diagnostic
 * (message, facts, remedy, causes) or a report — not even when the server echoes it back in an error.
 */
class SecretsTest {
    private static final String PASSWORD = "Pw-" + UUID.randomUUID().toString().replace("-", "");
    private static final String SEED_SECRET = "Seed-" + UUID.randomUUID().toString().replace("-", "");
    private static final String WRONG_PASSWORD = "Wrong-" + UUID.randomUUID().toString().replace("-", "");

    private TestDb db;
    private MigrationDir dir;
    private String role;
    private final List<String> seen = new ArrayList<>();

    @BeforeEach
    void setUp() throws SQLException {
        db = new TestDb();
        dir = new MigrationDir()
                .migration("V1__users.sql", "CREATE TABLE users (email text PRIMARY KEY, password_hash text, login_count int);")
                .seed("01_admin.json", """
                        {"table": "users", "key": ["email"], "mode": "upsert",
                         "rows": [{"email": "admin@example.com", "password_hash": "${env:SECRETS_TEST_HASH}"}]}
                        """);
        role = "secrets_" + UUID.randomUUID().toString().substring(0, 8);
        db.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + PASSWORD + "'; " + (TestServer.vector() ? "CREATE EXTENSION vector; " : "")
                + "ALTER DATABASE " + db.name() + " OWNER TO " + role + "; ALTER SCHEMA public OWNER TO " + role);
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
        return TestServer.extensions(Migrator.configure().url(db.url()).user(role).password(PASSWORD)
                .locations(dir.location()).seedLocations(dir.seedLocation())
                .seedVariable("SECRETS_TEST_HASH", SEED_SECRET));
    }

    @Test
    void aSuccessfulUpgradeShowsNeitherSecret() throws SQLException {
        try (CapturedOutput output = CapturedOutput.start(); Migrator migrator = configure().load()) {
            UpgradeReport report = migrator.upgradeToHead();
            UpgradeReport again = migrator.upgradeToHead();
            see(report.toJson(), report.summary(), report.toString(), again.toJson(), again.summary(),
                    migrator.config().toString(), String.valueOf(migrator.status()));
            see(output.text());
        }

        assertThat(db.value("SELECT password_hash FROM users")).as("the secret did reach the database").isEqualTo(SEED_SECRET);
        assertNoSecretSeen();
    }

    @Test
    void aSeedErrorThatEchoesTheSecretShowsItMasked() throws SQLException {
        dir.seed("02_counter.json", """
                {"table": "users", "key": ["email"], "rows": [{"email": "ops@example.com", "login_count": "${env:SECRETS_TEST_HASH}"}]}
                """);

        SeedException e;
        try (CapturedOutput output = CapturedOutput.start(); Migrator migrator = configure().load()) {
            e = catchThrowableOfType(SeedException.class, migrator::upgradeToHead);
            see(output.text());
        }
        seeAll(e);

        assertThat(e.code()).isEqualTo(DiagnosticCode.SEED_FAILED);
        assertThat(e.getMessage()).as("the server's echo is shown, masked").contains("invalid input syntax for type integer", "<masked>");
        assertThat(e.getCause()).as("the cause is kept, redacted").isInstanceOf(SQLException.class)
                .hasMessageContaining("invalid input syntax for type integer");
        assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo("22P02");
        assertNoSecretSeen();
    }

    @Test
    void aFailingMigrationThatCarriesThePasswordShowsItMasked() {
        dir.migration("V2__remote.sql", """
                CREATE USER MAPPING FOR CURRENT_USER SERVER no_such_server OPTIONS (user 'remote', password '${remote_password}');
                """);

        MigratorException e;
        try (CapturedOutput output = CapturedOutput.start(); Migrator migrator = configure().placeholder("remote_password", PASSWORD).load()) {
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
        try (CapturedOutput output = CapturedOutput.start(); Migrator migrator = configure().placeholder("remote_password", PASSWORD).load()) {
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
        try (CapturedOutput output = CapturedOutput.start(); Migrator migrator = configure().password(WRONG_PASSWORD).load()) {
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
                try (Migrator migrator = configure().placeholder("remote_password", PASSWORD)
                        .placeholder("seed_echo", SEED_SECRET).applicationName("first-instance").load()) {
                    return migrator.upgradeToHead();
                }
            });
            awaitSlowMigration();
            try (Migrator second = configure().placeholder("remote_password", PASSWORD).placeholder("seed_echo", SEED_SECRET)
                    .lockTimeout(Duration.ofSeconds(1)).lockLogInterval(Duration.ofMillis(300)).load()) {
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
        see(e.getMessage(), e.summary(), String.valueOf(e.remedy()), e.facts().toString(), e.toString(), trace.toString());
    }

    private void assertNoSecretSeen() {
        assertThat(seen).isNotEmpty();
        for (String text : seen) {
            assertThat(text).doesNotContain(PASSWORD, SEED_SECRET, WRONG_PASSWORD);
        }
    }
}
