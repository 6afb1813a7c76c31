package io.lucidity.migrator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.reliability.support.Cli;
import io.lucidity.migrator.reliability.support.Db;
import io.lucidity.migrator.testsupport.ChildJvm;
import io.lucidity.migrator.testsupport.LockKey;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A known password (of a role of its own) and a known {@code ${env:}} seed secret go through every CLI command, each
 * a process of its own, successful and failing; neither may appear in stdout, stderr, logs, reports, JSON, files
 * written, or the bookkeeping tables. (Every operation of the API, in process: core's {@code SecretsTest}.)
 */
class CliSecretsTest {
    private static final String PASSWORD = "Pw-" + UUID.randomUUID();
    private static final String SECRET = "Env-" + UUID.randomUUID();
    private static final String WRONG_PASSWORD = "Wrong-" + UUID.randomUUID();
    /** A seed secret the server echoes transformed (escaped, case-folded): quote, apostrophe, backslash, both cases. */
    private static final String ECHO_TAIL =
            UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    private static final String ECHO = "EchoSecret-\"Q'\\" + ECHO_TAIL;
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
    private static final Map<String, String> ECHO_SEEDS = new java.util.TreeMap<>(Map.of(
            "03_check.json", """
                    {"table": "echo_check", "key": ["name"], "rows": [{"name": "a", "labels": ["${env:RELIABILITY_ECHO}", "b"]}]}""",
            "03_json.json", """
                    {"table": "echo_json", "key": ["name"], "rows": [{"name": "a", "settings": "${env:RELIABILITY_ECHO}"}]}""",
            "03_array.json", """
                    {"table": "echo_array", "key": ["name"], "rows": [{"name": "a", "labels": ["${env:RELIABILITY_ECHO}"]},
                                                                     {"name": "b", "labels": ["${env:RELIABILITY_ECHO}"]}]}""",
            "03_lower.json", """
                    {"table": "echo_lower", "key": ["id"], "rows": [{"id": 1, "email": "${env:RELIABILITY_ECHO}"},
                                                                    {"id": 2, "email": "${env:RELIABILITY_ECHO}"}]}""",
            "03_cast.json", """
                    {"table": "echo_cast", "key": ["name"], "rows": [{"name": "a", "n": "${env:RELIABILITY_ECHO}"}]}"""));

    private static final String LOCK_SQL = LockKey.lockSql("public");

    private final Db db = new Db();
    private final MigrationFiles scripts = new MigrationFiles();
    private final String role = "secrets_" + UUID.randomUUID().toString().substring(0, 8);
    /** Everything the user could see, collected from every run. */
    private final List<String> seen = new ArrayList<>();

    @BeforeEach
    void setUp() {
        scripts.migration(
                        "V1__users.sql",
                        "CREATE TABLE users (email text PRIMARY KEY, password_hash text, token text UNIQUE);")
                .migration("V2__notes.sql", "CREATE TABLE notes (id int PRIMARY KEY, body text);")
                .migration("U2__notes.sql", "DROP TABLE notes;")
                .seed("01_admin.json", """
                        {"table": "users", "key": ["email"], "mode": "upsert",
                         "rows": [{"email": "admin@example.com", "password_hash": "${env:RELIABILITY_SECRET}"}]}
                        """);
        db.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + PASSWORD + "'; "
                + (TestServer.vector() ? "CREATE EXTENSION vector; " : "") + "ALTER DATABASE " + db.name()
                + " OWNER TO " + role + "; ALTER SCHEMA public OWNER TO " + role);
    }

    @AfterEach
    void tearDown() {
        scripts.close();
        db.close();
        try (Db other = new Db()) {
            other.execute("DROP ROLE IF EXISTS " + role);
        }
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>(Cli.env(db, scripts));
        env.put("MIGRATOR_USER", role);
        env.put("PGPASSWORD", PASSWORD);
        env.put("RELIABILITY_SECRET", SECRET);
        env.put("RELIABILITY_ECHO", ECHO);
        return env;
    }

    private ChildJvm.Finished cli(Map<String, String> env, String... args) {
        ChildJvm.Finished run = Cli.run(env, args);
        seen.add(run.toString());
        return run;
    }

    @Test
    void everyCliCommandShowsNeitherThePasswordNorTheSeedSecret() throws Exception {
        Map<String, String> env = env();
        Path backup = scripts.root().resolve("backup.dump");
        List<String[]> commands = List.of(
                new String[] {"plan"},
                new String[] {"check"},
                new String[] {"upgrade", "--debug"},
                new String[] {"upgrade", "--json"},
                new String[] {"current", "--verbose"},
                new String[] {"current", "--json"},
                new String[] {"history"},
                new String[] {"history", "--json"},
                new String[] {"status"},
                new String[] {"status", "--json"},
                new String[] {"check", "--json"},
                new String[] {"validate"},
                new String[] {"plan", "--json"},
                new String[] {"seed", "--json"},
                new String[] {"downgrade", "1"},
                new String[] {"stamp", "2"},
                new String[] {"repair", "--yes"},
                new String[] {"backup", backup.toString()},
                new String[] {"upgrade", "--debug", "--json"});
        for (String[] command : commands) {
            ChildJvm.Finished run = cli(env, command);
            assertThat(run.exitCode()).as(run.toString()).isZero();
        }
        ChildJvm.Finished restore = cli(env, "restore", backup.toString(), "--debug");
        if (TestServer.vector()) {
            // The role owns the database but not the extension a superuser created: pg_restore --clean may not drop it
            // (documented).
            assertThat(restore.exitCode()).as(restore.toString()).isEqualTo(DiagnosticCode.BACKUP_FAILED.exitCode());
            assertThat(restore.stderr()).contains("MIGRATOR-BACKUP", "must be owner of extension vector");
        } else {
            // Without the extension, the role owns everything in the dump.
            assertThat(restore.exitCode()).as(restore.toString()).isZero();
        }
        Path passwordFile = scripts.root().resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\n");
        Map<String, String> fileEnv = new HashMap<>(env);
        fileEnv.remove("PGPASSWORD");
        assertThat(cli(fileEnv, "status", "--password-file", passwordFile.toString())
                        .exitCode())
                .isZero();
        Map<String, String> urlEnv = new HashMap<>(env);
        urlEnv.remove("PGPASSWORD");
        urlEnv.put("MIGRATOR_URL", db.url() + "?password=" + PASSWORD);
        ChildJvm.Finished inUrl = cli(urlEnv, "status", "--debug");
        assertThat(inUrl.exitCode()).as(inUrl.toString()).isZero();
        assertThat(inUrl.stdout() + inUrl.stderr()).doesNotContain("password=" + PASSWORD);

        try (var files = Files.list(scripts.root())) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> !f.equals(passwordFile))
                    .toList()) {
                seen.add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(db.value("SELECT password_hash FROM users"))
                .as("the secret did reach the database")
                .isEqualTo(SECRET);
        assertNoSecretSeen();
    }

    @Test
    void everyCliFailureShowsNeitherThePasswordNorTheSeedSecret() throws Exception {
        Map<String, String> env = env();
        Map<String, String> wrong = new HashMap<>(env);
        wrong.put("PGPASSWORD", WRONG_PASSWORD);
        assertThat(cli(wrong, "upgrade").exitCode()).isEqualTo(5);
        assertThat(cli(wrong, "status", "--debug").exitCode()).isEqualTo(5);
        Map<String, String> wrongInUrl = new HashMap<>(env);
        wrongInUrl.remove("PGPASSWORD");
        wrongInUrl.put("MIGRATOR_URL", db.url() + "?password=" + WRONG_PASSWORD);
        assertThat(cli(wrongInUrl, "upgrade", "--debug", "--json").exitCode()).isEqualTo(5);
        Map<String, String> unset = new HashMap<>(env);
        unset.remove("RELIABILITY_SECRET");
        assertThat(cli(unset, "upgrade").exitCode()).isEqualTo(DiagnosticCode.SEED_VARIABLE_MISSING.exitCode());
        assertThat(cli(env, "upgrade", "--target", "99", "--debug").exitCode()).isEqualTo(2);
        assertThat(cli(env, "upgrade").exitCode()).isZero();

        // The server echoes the secret in its error: Key (token)=(<secret>) already exists.
        db.execute("INSERT INTO users (email, token) VALUES ('other@example.com', '" + SECRET + "')");
        scripts.seed("02_token.json", """
                {"table": "users", "key": ["email"], "rows": [{"email": "ops@example.com", "token": "${env:RELIABILITY_SECRET}"}]}
                """);
        ChildJvm.Finished echoed = cli(env, "upgrade", "--debug");
        assertThat(echoed.exitCode()).as(echoed.toString()).isEqualTo(DiagnosticCode.SEED_FAILED.exitCode());
        assertThat(echoed.stderr()).contains("MIGRATOR-SEED-FAILED");
        assertThat(cli(env, "seed", "--json").exitCode()).isEqualTo(DiagnosticCode.SEED_FAILED.exitCode());
        scripts.removeSeed("02_token.json");

        // The server echoes a secret transformed: escaped in a row image, a JSON value or an array, lower-cased, cast.
        scripts.migration("V2_1__echo.sql", ECHO_TABLES);
        for (Map.Entry<String, String> seed : ECHO_SEEDS.entrySet()) {
            scripts.seed(seed.getKey(), seed.getValue());
            ChildJvm.Finished upgrade = cli(env, "upgrade", "--debug");
            assertThat(upgrade.exitCode()).as(upgrade.toString()).isEqualTo(DiagnosticCode.SEED_FAILED.exitCode());
            assertThat(upgrade.stderr())
                    .as(upgrade.toString())
                    .contains("MIGRATOR-SEED-FAILED", "withheld", "${env:RELIABILITY_ECHO}");
            ChildJvm.Finished json = cli(env, "seed", "--json", "--debug");
            assertThat(json.exitCode()).as(json.toString()).isEqualTo(DiagnosticCode.SEED_FAILED.exitCode());
            assertThat(json.stdout()).as(json.toString()).contains("MIGRATOR-SEED-FAILED", "withheld");
            scripts.removeSeed(seed.getKey());
        }

        // A migration whose statement and error carry the password.
        scripts.migration("V3__echo.sql", "SELECT '" + PASSWORD + "'::int;");
        ChildJvm.Finished failed = cli(env, "upgrade", "--debug");
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(DiagnosticCode.MIGRATION_FAILED.exitCode());
        assertThat(cli(env, "plan").exitCode()).isZero();
        scripts.removeMigration("V3__echo.sql");

        // Another session holds the lock with the password in its query text.
        try (Connection holder = db.connect();
                Statement s = holder.createStatement()) {
            s.execute(LOCK_SQL.replace("SELECT ", "SELECT '" + PASSWORD + "' AS p, "));
            scripts.migration("V3__next.sql", "CREATE TABLE next (id int);");
            assertThat(cli(env, "upgrade", "--lock-timeout", "1s", "--debug").exitCode())
                    .isEqualTo(3);
            assertThat(cli(env, "status", "--json").exitCode()).isZero();
            assertThat(cli(env, "check").exitCode()).isEqualTo(6);
        }
        assertThat(cli(env, "repair").exitCode()).isEqualTo(2);
        assertThat(cli(env, "restore", scripts.root().resolve("missing.dump").toString())
                        .exitCode())
                .isEqualTo(2);
        assertNoSecretSeen();
    }

    private void assertNoSecretSeen() {
        assertThat(seen).isNotEmpty();
        for (String text : seen) {
            assertThat(text).doesNotContain(PASSWORD).doesNotContain(SECRET).doesNotContain(WRONG_PASSWORD);
            for (String escaped :
                    List.of(ECHO, ECHO.replace("\\", "\\\\").replace("\"", "\\\""), ECHO.replace("'", "''"))) {
                assertThat(text)
                        .doesNotContain(escaped)
                        .doesNotContain(escaped.toLowerCase(Locale.ROOT))
                        .doesNotContain(escaped.toUpperCase(Locale.ROOT));
            }
            assertThat(text).as("no fragment of the echoed secret, in any case").doesNotContainIgnoringCase(ECHO_TAIL);
        }
    }
}
