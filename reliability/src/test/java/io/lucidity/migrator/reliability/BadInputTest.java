package io.lucidity.migrator.reliability;

import static io.lucidity.migrator.DiagnosticCode.AUTHENTICATION_FAILED;
import static io.lucidity.migrator.DiagnosticCode.CHECKSUM_MISMATCH;
import static io.lucidity.migrator.DiagnosticCode.CONFIG_INVALID;
import static io.lucidity.migrator.DiagnosticCode.CONNECTION_FAILED;
import static io.lucidity.migrator.DiagnosticCode.DATABASE_NOT_FOUND;
import static io.lucidity.migrator.DiagnosticCode.DUPLICATE_VERSION;
import static io.lucidity.migrator.DiagnosticCode.EXTENSION_MISSING;
import static io.lucidity.migrator.DiagnosticCode.EXTENSION_TOO_OLD;
import static io.lucidity.migrator.DiagnosticCode.INSUFFICIENT_PRIVILEGE;
import static io.lucidity.migrator.DiagnosticCode.INVALID_NAME;
import static io.lucidity.migrator.DiagnosticCode.MIGRATION_FAILED;
import static io.lucidity.migrator.DiagnosticCode.MISSING_MIGRATION;
import static io.lucidity.migrator.DiagnosticCode.OBJECT_EXISTS;
import static io.lucidity.migrator.DiagnosticCode.OUT_OF_ORDER;
import static io.lucidity.migrator.DiagnosticCode.READ_ONLY;
import static io.lucidity.migrator.DiagnosticCode.SCHEMA_AHEAD;
import static io.lucidity.migrator.DiagnosticCode.SEED_FAILED;
import static io.lucidity.migrator.DiagnosticCode.SEED_INVALID;
import static io.lucidity.migrator.DiagnosticCode.SEED_VARIABLE_MISSING;
import static io.lucidity.migrator.DiagnosticCode.TRANSACTION_CONTROL;
import static io.lucidity.migrator.DiagnosticCode.UNKNOWN_REVISION;
import static io.lucidity.migrator.DiagnosticCode.UNREADABLE_FILE;
import static io.lucidity.migrator.DiagnosticCode.UNTRUSTED_OBJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.embedded.ProcessResult;
import io.lucidity.migrator.reliability.support.Cli;
import io.lucidity.migrator.reliability.support.Db;
import io.lucidity.migrator.testsupport.ChildJvm;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, table-driven: each case starts from a database already at revision 5 (table {@code items} with two
 * rows), adds one kind of bad input, and asserts that the upgrade refuses with the expected diagnostic code, a
 * message that says what and how to fix it, and a database that is exactly as it was (every relation, row,
 * index and extension). Cases marked for the CLI run again through {@code migrator upgrade} as a process, which
 * must exit with the code's exit status and print the code.
 */
class BadInputTest {
    /** The baseline's first migration; without pgvector ({@link TestServer#vector()}), no vector column. */
    private static final String V1 = """
            CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, qty int, tags text[]%s);
            INSERT INTO items (id, name, qty) VALUES (1, 'one', 1), (2, 'two', 2);
            """.formatted(TestServer.vector() ? ", embedding vector(3)" : "");
    /** The cases that need pgvector: they run in the tests tagged {@code vector}. */
    private static final Set<String> VECTOR_CASES = Set.of(
            "seed wrong vector dimension", "extension not installed on the server", "extension older than required");

    private static final String V5 = "CREATE INDEX items_name ON items (name);";

    /** The situation a case builds, and the call that must refuse. */
    interface Arrange {
        Attempt apply(Ctx ctx) throws Exception;
    }

    /** A configured migrator and what to call on it. */
    record Attempt(
            java.util.function.Supplier<MigratorConfig.Builder> builder,
            Function<Migrator, Object> call,
            Map<String, String> cliEnv,
            List<String> cliArgs) {}

    /** One row of the table: name, expected code, arrangement, whether it also runs through the CLI. */
    record Case(String name, DiagnosticCode code, Arrange arrange, boolean cli) {
        @Override
        public String toString() {
            return name + " -> " + code.code();
        }
    }

    /** The test's database and files, and clean-up to run after it. */
    @SuppressWarnings("try") // close() may throw InterruptedException: its clean-ups stop processes
    static final class Ctx implements AutoCloseable {
        final Db db = new Db();
        final MigrationFiles scripts = new MigrationFiles();
        final List<AutoCloseable> cleanups = new ArrayList<>();

        Attempt upgrade() {
            return new Attempt(
                    () -> db.configure(scripts), Migrator::upgradeToHead, Cli.env(db, scripts), List.of("upgrade"));
        }

        Attempt upgrade(
                Function<MigratorConfig.Builder, MigratorConfig.Builder> more,
                Map<String, String> env,
                String... cliOptions) {
            Map<String, String> cliEnv = new HashMap<>(Cli.env(db, scripts));
            cliEnv.putAll(env);
            List<String> args = new ArrayList<>(List.of("upgrade"));
            args.addAll(List.of(cliOptions));
            return new Attempt(() -> more.apply(db.configure(scripts)), Migrator::upgradeToHead, cliEnv, args);
        }

        Ctx migration(String name, String sql) {
            scripts.migration(name, sql);
            return this;
        }

        Ctx migration(String name, byte[] content) {
            scripts.migration(name, content);
            return this;
        }

        Ctx seed(String name, String content) {
            scripts.seed(name, content);
            return this;
        }

        @Override
        public void close() throws Exception {
            for (AutoCloseable c : cleanups) {
                c.close();
            }
            scripts.close();
            db.close();
        }
    }

    /** Every case but those that need pgvector. */
    static Stream<Case> cases() {
        return allCases().filter(c -> !VECTOR_CASES.contains(c.name()));
    }

    /** The cases that need pgvector. */
    static Stream<Case> vectorCases() {
        return allCases().filter(c -> VECTOR_CASES.contains(c.name()));
    }

    static Stream<Case> allCases() {
        List<Case> t = new ArrayList<>();
        // --- migration files ---
        t.add(new Case(
                "lower-case prefix v6__x.sql",
                INVALID_NAME,
                c -> c.migration("v6__x.sql", "CREATE TABLE x (id int);").upgrade(),
                true));
        t.add(new Case(
                "single underscore V6_x.sql",
                INVALID_NAME,
                c -> c.migration("V6_x.sql", "CREATE TABLE x (id int);").upgrade(),
                false));
        t.add(new Case(
                "no version V__x.sql",
                INVALID_NAME,
                c -> c.migration("V__x.sql", "CREATE TABLE x (id int);").upgrade(),
                false));
        t.add(new Case(
                "letters as version Vabc__x.sql",
                INVALID_NAME,
                c -> c.migration("Vabc__x.sql", "CREATE TABLE x (id int);").upgrade(),
                false));
        t.add(new Case(
                "wrong extension V6__x.txt",
                INVALID_NAME,
                c -> c.migration("V6__x.txt", "CREATE TABLE x (id int);").upgrade(),
                false));
        t.add(new Case(
                "upper-case extension V6__x.SQL",
                INVALID_NAME,
                c -> c.migration("V6__x.SQL", "CREATE TABLE x (id int);").upgrade(),
                false));
        t.add(new Case(
                "stray README.md in the folder",
                INVALID_NAME,
                c -> c.migration("README.md", "# notes").upgrade(),
                false));
        t.add(new Case(
                "mis-named file in a sub-folder",
                INVALID_NAME,
                c -> c.migration("sub/6_x.sql", "CREATE TABLE x (id int);").upgrade(),
                false));
        t.add(new Case(
                ".conf without its script",
                INVALID_NAME,
                c -> c.migration("V6__x.sql.conf", "executeInTransaction=false\n")
                        .upgrade(),
                false));
        t.add(new Case(
                "duplicate version V6 twice",
                DUPLICATE_VERSION,
                c -> c.migration("V6__a.sql", "CREATE TABLE a (id int);")
                        .migration("V6__b.sql", "CREATE TABLE b (id int);")
                        .upgrade(),
                false));
        t.add(new Case(
                "duplicate version V6 and V6.0",
                DUPLICATE_VERSION,
                c -> c.migration("V6__a.sql", "CREATE TABLE a (id int);")
                        .migration("V6.0__b.sql", "CREATE TABLE b (id int);")
                        .upgrade(),
                false));
        t.add(new Case(
                "duplicate version across folders",
                DUPLICATE_VERSION,
                c -> c.migration("V6__a.sql", "CREATE TABLE a (id int);")
                        .migration("more/V6__b.sql", "CREATE TABLE b (id int);")
                        .upgrade(),
                false));
        t.add(new Case(
                "empty file (0 bytes)",
                UNREADABLE_FILE,
                c -> c.migration("V6__empty.sql", new byte[0]).upgrade(),
                true));
        t.add(new Case(
                "only comments and blanks",
                UNREADABLE_FILE,
                c -> c.migration("V6__blank.sql", "-- later\n\n/* nothing */\n").upgrade(),
                false));
        t.add(new Case(
                "Latin-1 file",
                UNREADABLE_FILE,
                c -> c.migration(
                                "V6__latin1.sql",
                                "CREATE TABLE caf\u00e9 (id int);".getBytes(StandardCharsets.ISO_8859_1))
                        .upgrade(),
                false));
        t.add(new Case(
                "invalid UTF-8 sequence",
                UNREADABLE_FILE,
                c -> c.migration(
                                "V6__bad.sql",
                                new byte[] {'S', 'E', 'L', 'E', 'C', 'T', ' ', (byte) 0xC3, (byte) 0x28, ';'})
                        .upgrade(),
                false));
        t.add(new Case(
                "UTF-16 file",
                UNREADABLE_FILE,
                c -> c.migration("V6__utf16.sql", "\uFEFFCREATE TABLE x (id int);".getBytes(StandardCharsets.UTF_16LE))
                        .upgrade(),
                false));
        t.add(new Case(
                "binary garbage",
                UNREADABLE_FILE,
                c -> c.migration("V6__bin.sql", new byte[] {0, 1, 2, (byte) 0xFF, (byte) 0xFE, 0, 0x7F})
                        .upgrade(),
                false));
        t.add(new Case(
                "syntax error",
                MIGRATION_FAILED,
                c -> c.migration("V6__typo.sql", "CREAT TABLE x (id int);").upgrade(),
                true));
        t.add(new Case(
                "BOM then a syntax error",
                MIGRATION_FAILED,
                c -> c.migration("V6__bom.sql", "\uFEFFCREATE TABLE x (id int);\nCREAT TABLE y (id int);")
                        .upgrade(),
                false));
        t.add(new Case(
                "error in the middle of a multi-statement file",
                MIGRATION_FAILED,
                c -> c.migration(
                                "V6__middle.sql",
                                "CREATE TABLE m1 (id int);\nINSERT INTO items (id, name) VALUES (3, 'three');\nINSERT INTO no_such_table VALUES (1);\nCREATE TABLE m2 (id int);")
                        .upgrade(),
                true));
        t.add(new Case(
                "second of two pending migrations fails",
                MIGRATION_FAILED,
                c -> c.migration("V6__ok.sql", "CREATE TABLE ok6 (id int);")
                        .migration("V7__bad.sql", "UPDATE items SET qty = 0;\nINSERT INTO no_such_table VALUES (1);")
                        .upgrade(),
                false));
        t.add(new Case(
                "huge file failing at its last statement",
                MIGRATION_FAILED,
                c -> c.migration("V6__huge.sql", huge()).upgrade(),
                false));
        t.add(new Case(
                "unterminated dollar quote",
                MIGRATION_FAILED,
                c -> c.migration("V6__dollar.sql", "DO $$ BEGIN PERFORM 1; END;\nCREATE TABLE x (id int);")
                        .upgrade(),
                false));
        t.add(new Case(
                "type error in an INSERT",
                MIGRATION_FAILED,
                c -> c.migration("V6__type.sql", "INSERT INTO items (id, name, qty) VALUES (3, 'three', 'many');")
                        .upgrade(),
                false));
        t.add(new Case(
                "table created by hand already exists",
                OBJECT_EXISTS,
                c -> {
                    c.db.execute("CREATE TABLE audit (id int)");
                    return c.migration("V6__audit.sql", "CREATE TABLE audit (id int);")
                            .upgrade();
                },
                true));
        t.add(new Case(
                "column added by hand already exists",
                OBJECT_EXISTS,
                c -> c.migration("V6__col.sql", "ALTER TABLE items ADD COLUMN name text;")
                        .upgrade(),
                false));
        t.add(new Case(
                "applied file edited (checksum)",
                CHECKSUM_MISMATCH,
                c -> c.migration("V1__items.sql", V1 + "-- edited\n").upgrade(),
                false));
        t.add(new Case(
                "head file removed (older build)",
                SCHEMA_AHEAD,
                c -> {
                    c.scripts.removeMigration("V5__index.sql");
                    return c.upgrade();
                },
                false));
        t.add(new Case(
                "applied file removed, newer present",
                MISSING_MIGRATION,
                c -> {
                    c.scripts.removeMigration("V1__items.sql");
                    return c.upgrade();
                },
                false));
        t.add(new Case(
                "pending migration older than head",
                OUT_OF_ORDER,
                c -> c.migration("V3__late.sql", "CREATE TABLE late (id int);").upgrade(),
                true));
        t.add(new Case(
                "bad per-script configuration",
                UNREADABLE_FILE,
                c -> c.migration("V6__x.sql", "CREATE TABLE x (id int);")
                        .migration("V6__x.sql.conf", "executeInTransaction=sometimes\n")
                        .upgrade(),
                false));
        t.add(new Case(
                "placeholder without a value",
                UNREADABLE_FILE,
                c -> c.migration("V6__ph.sql", "CREATE TABLE ${table_name} (id int);")
                        .upgrade(),
                false));
        t.add(new Case(
                "target revision unknown",
                UNKNOWN_REVISION,
                c -> {
                    Attempt a = c.upgrade();
                    return new Attempt(
                            a.builder(), m -> m.upgradeTo("99"), a.cliEnv(), List.of("upgrade", "--target", "99"));
                },
                false));
        // --- seeds ---
        t.add(new Case(
                "malformed JSON seed",
                SEED_INVALID,
                c -> c.seed("01_items.json", "{\"table\": \"items\", \"rows\": [")
                        .upgrade(),
                true));
        t.add(new Case(
                "malformed YAML seed",
                SEED_INVALID,
                c -> c.seed("01_items.yaml", "table: items\nrows:\n  - id: 1\n   name: [unclosed\n")
                        .upgrade(),
                false));
        t.add(new Case(
                "empty JSON seed",
                SEED_INVALID,
                c -> c.seed("01_items.json", "").upgrade(),
                false));
        t.add(new Case(
                "seed without table",
                SEED_INVALID,
                c -> c.seed("01_items.json", "{\"key\": [\"id\"], \"rows\": [{\"id\": 9, \"name\": \"n\"}]}")
                        .upgrade(),
                false));
        t.add(new Case(
                "seed rows not an array",
                SEED_INVALID,
                c -> c.seed("01_items.json", "{\"table\": \"items\", \"key\": [\"id\"], \"rows\": {\"id\": 9}}")
                        .upgrade(),
                false));
        t.add(new Case(
                "seed unknown mode",
                SEED_INVALID,
                c -> c.seed(
                                "01_items.json",
                                "{\"table\": \"items\", \"key\": [\"id\"], \"mode\": \"replace-all\", \"rows\": [{\"id\": 9, \"name\": \"n\"}]}")
                        .upgrade(),
                false));
        t.add(new Case(
                "seed unknown table",
                SEED_INVALID,
                c -> c.seed("01_x.json", "{\"table\": \"no_such\", \"key\": [\"id\"], \"rows\": [{\"id\": 9}]}")
                        .upgrade(),
                false));
        t.add(new Case(
                "seed unknown column",
                SEED_INVALID,
                c -> c.seed(
                                "01_items.json",
                                "{\"table\": \"items\", \"key\": [\"id\"], \"rows\": [{\"id\": 9, \"name\": \"n\", \"colour\": \"red\"}]}")
                        .upgrade(),
                false));
        t.add(new Case(
                "seed wrong type (text into int)",
                SEED_FAILED,
                c -> c.seed(
                                "01_items.json",
                                "{\"table\": \"items\", \"key\": [\"id\"], \"rows\": [{\"id\": 9, \"name\": \"n\", \"qty\": \"many\"}]}")
                        .upgrade(),
                false));
        t.add(new Case(
                "seed wrong vector dimension",
                SEED_FAILED,
                c -> c.seed(
                                "01_items.json",
                                "{\"table\": \"items\", \"key\": [\"id\"], \"rows\": [{\"id\": 9, \"name\": \"n\", \"embedding\": [1, 2]}]}")
                        .upgrade(),
                false));
        t.add(new Case(
                "seed NOT NULL column missing",
                SEED_FAILED,
                c -> c.seed("01_items.json", "{\"table\": \"items\", \"key\": [\"id\"], \"rows\": [{\"id\": 9}]}")
                        .upgrade(),
                false));
        t.add(new Case(
                "seed key column missing from a row",
                SEED_INVALID,
                c -> c.seed(
                                "01_items.json",
                                "{\"table\": \"items\", \"key\": [\"id\"], \"rows\": [{\"id\": 9, \"name\": \"n\"}, {\"name\": \"no id\"}]}")
                        .upgrade(),
                false));
        t.add(new Case(
                "seed key names an unknown column",
                SEED_INVALID,
                c -> c.seed(
                                "01_items.json",
                                "{\"table\": \"items\", \"key\": [\"sku\"], \"rows\": [{\"id\": 9, \"name\": \"n\"}]}")
                        .upgrade(),
                false));
        t.add(new Case(
                "seed table name injection",
                SEED_INVALID,
                c -> c.seed(
                                "01_x.json",
                                "{\"table\": \"items\\\"; DROP TABLE items; --\", \"key\": [\"id\"], \"rows\": [{\"id\": 9}]}")
                        .upgrade(),
                true));
        t.add(new Case(
                "seed column name injection",
                SEED_INVALID,
                c -> c.seed(
                                "01_x.json",
                                "{\"table\": \"items\", \"key\": [\"id\"], \"rows\": [{\"id\": 9, \"name\": \"n\", \"qty\\\" = 0; DROP TABLE items; --\": 1}]}")
                        .upgrade(),
                false));
        t.add(new Case(
                "seed schema name injection",
                SEED_INVALID,
                c -> c.seed(
                                "01_x.json",
                                "{\"schema\": \"public\\\"; DROP TABLE items; --\", \"table\": \"items\", \"key\": [\"id\"], \"rows\": [{\"id\": 9, \"name\": \"n\"}]}")
                        .upgrade(),
                false));
        t.add(new Case(
                "seed ${env:} of an unset variable",
                SEED_VARIABLE_MISSING,
                c -> c.seed(
                                "01_items.json",
                                "{\"table\": \"items\", \"key\": [\"id\"], \"rows\": [{\"id\": 9, \"name\": \"${env:RELIABILITY_UNSET_VARIABLE}\"}]}")
                        .upgrade(),
                true));
        t.add(new Case(
                "SQL seed with a syntax error",
                SEED_FAILED,
                c -> c.seed(
                                "01_items.sql",
                                "INSERT INTO items (id, name) VALUES (9, 'n') ON CONFLICT DO NOTHING;\nINSRT INTO items VALUES (10);")
                        .upgrade(),
                false));
        t.add(new Case(
                "seed with an unknown extension",
                INVALID_NAME,
                c -> c.seed("01_items.txt", "id,name\n9,n\n").upgrade(),
                false));
        // --- connection and server ---
        t.add(new Case(
                "wrong password",
                AUTHENTICATION_FAILED,
                c -> c.upgrade(b -> b.password("wrong-password"), Map.of("PGPASSWORD", "wrong-password")),
                true));
        t.add(new Case(
                "unknown host",
                CONNECTION_FAILED,
                c -> c.upgrade(
                        b -> b.url("jdbc:postgresql://no-such-host.invalid:5432/x")
                                .connectTimeout(Duration.ofSeconds(1)),
                        Map.of(
                                "MIGRATOR_URL",
                                "jdbc:postgresql://no-such-host.invalid:5432/x",
                                "MIGRATOR_CONNECT_TIMEOUT",
                                "1s")),
                false));
        t.add(new Case(
                "nothing listening on the port",
                CONNECTION_FAILED,
                c -> {
                    String url = "jdbc:postgresql://127.0.0.1:" + freePort() + "/x";
                    return c.upgrade(
                            b -> b.url(url).connectTimeout(Duration.ofSeconds(1)),
                            Map.of("MIGRATOR_URL", url, "MIGRATOR_CONNECT_TIMEOUT", "1s"));
                },
                false));
        t.add(new Case(
                "unknown database",
                DATABASE_NOT_FOUND,
                c -> {
                    String url = c.db.url().replace(c.db.name(), "no_such_database_here");
                    return c.upgrade(b -> b.url(url), Map.of("MIGRATOR_URL", url));
                },
                true));
        t.add(new Case(
                "role without privileges",
                INSUFFICIENT_PRIVILEGE,
                c -> {
                    String role = "noprivs_" + c.db.name();
                    c.db.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'noprivs-pw'");
                    c.cleanups.add(() -> c.db.execute("DROP ROLE IF EXISTS " + role));
                    c.migration("V6__x.sql", "CREATE TABLE x (id int);");
                    return c.upgrade(
                            b -> b.user(role).password("noprivs-pw"),
                            Map.of("MIGRATOR_USER", role, "PGPASSWORD", "noprivs-pw"));
                },
                true));
        t.add(new Case(
                "read-only session (default_transaction_read_only)",
                READ_ONLY,
                c -> {
                    c.db.execute("ALTER DATABASE " + c.db.name() + " SET default_transaction_read_only = on");
                    return c.migration("V6__x.sql", "CREATE TABLE x (id int);").upgrade();
                },
                false));
        t.add(new Case(
                "read-only hot standby",
                READ_ONLY,
                c -> {
                    String url = startStandby(c);
                    c.migration("V6__x.sql", "CREATE TABLE x (id int);");
                    return c.upgrade(b -> b.url(url), Map.of("MIGRATOR_URL", url));
                },
                true));
        t.add(new Case(
                "extension not installed on the server",
                EXTENSION_MISSING,
                c -> c.upgrade(
                        b -> b.extensions("vector", "no_such_extension"),
                        Map.of("MIGRATOR_EXTENSIONS", "vector,no_such_extension")),
                false));
        t.add(new Case(
                "extension older than required",
                EXTENSION_TOO_OLD,
                c -> c.upgrade(b -> b.extensions("vector>=99.0"), Map.of("MIGRATOR_EXTENSIONS", "vector>=99.0")),
                true));
        // --- the security model ---
        t.add(new Case(
                "COMMIT inside a transactional migration",
                TRANSACTION_CONTROL,
                c -> c.migration("V6__x.sql", "CREATE TABLE x (id int);\nCOMMIT;\nCREATE TABLE y (id int);")
                        .upgrade(),
                true));
        t.add(new Case(
                "ROLLBACK inside a transactional migration",
                TRANSACTION_CONTROL,
                c -> c.migration("V6__x.sql", "UPDATE items SET qty = 0;\nROLLBACK;")
                        .upgrade(),
                false));
        t.add(new Case(
                "a trigger Migrator did not create on its journal",
                UNTRUSTED_OBJECT,
                c -> {
                    c.db.execute(
                            "CREATE FUNCTION planted() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$; "
                                    + "CREATE TRIGGER planted AFTER INSERT ON migrator_journal FOR EACH STATEMENT EXECUTE FUNCTION planted()");
                    return c.migration("V6__x.sql", "CREATE TABLE x (id int);").upgrade();
                },
                true));
        // --- options out of range ---
        t.add(new Case(
                "negative lock timeout",
                CONFIG_INVALID,
                c -> c.upgrade(b -> b.lockTimeout(Duration.ofSeconds(-1)), Map.of("MIGRATOR_LOCK_TIMEOUT", "-1s")),
                true));
        t.add(new Case(
                "negative ddl lock timeout",
                CONFIG_INVALID,
                c -> c.upgrade(
                        b -> b.ddlLockTimeout(Duration.ofSeconds(-5)), Map.of("MIGRATOR_DDL_LOCK_TIMEOUT", "-5s")),
                false));
        t.add(new Case(
                "lock timeout not a duration",
                CONFIG_INVALID,
                c -> c.upgrade(b -> b.setting("lock-timeout", "forever"), Map.of("MIGRATOR_LOCK_TIMEOUT", "forever")),
                false));
        t.add(new Case(
                "unknown transaction mode",
                CONFIG_INVALID,
                c -> c.upgrade(
                        b -> b.setting("transaction-mode", "sometimes"),
                        Map.of("MIGRATOR_TRANSACTION_MODE", "sometimes")),
                false));
        t.add(new Case(
                "empty schema name",
                CONFIG_INVALID,
                c -> c.upgrade(b -> b.schema(""), Map.of("MIGRATOR_SCHEMA", " ")),
                false));
        t.add(new Case(
                "malformed extension requirement",
                CONFIG_INVALID,
                c -> c.upgrade(
                        b -> b.extensions("vector>=not.a.version"),
                        Map.of("MIGRATOR_EXTENSIONS", "vector>=not.a.version")),
                false));
        t.add(new Case(
                "unknown location prefix",
                CONFIG_INVALID,
                c -> c.upgrade(
                        b -> b.locations("ftp://example.com/db"), Map.of("MIGRATOR_LOCATIONS", "ftp://example.com/db")),
                false));
        t.add(new Case(
                "migration folder missing",
                UNREADABLE_FILE,
                c -> {
                    String missing = "filesystem:" + c.scripts.root().resolve("no-such-folder");
                    return c.upgrade(b -> b.locations(missing), Map.of("MIGRATOR_LOCATIONS", missing));
                },
                false));
        t.add(new Case(
                "negative connect timeout",
                CONFIG_INVALID,
                c -> c.upgrade(b -> b.setting("connect-timeout", "-3s"), Map.of("MIGRATOR_CONNECT_TIMEOUT", "-3s")),
                false));
        t.add(new Case(
                "not a JDBC URL",
                CONFIG_INVALID,
                c -> c.upgrade(b -> b.url("postgres://localhost/x"), Map.of("MIGRATOR_URL", "postgres://localhost/x")),
                false));
        return t.stream();
    }

    @Test
    void theTableHasAtLeastFortyCases() {
        assertThat(allCases().count()).isGreaterThanOrEqualTo(40);
        assertThat(vectorCases().count())
                .as("every name in VECTOR_CASES is a case")
                .isEqualTo(VECTOR_CASES.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectorCases")
    @Tag("vector")
    void withPgvectorRefusedWithItsCodeAndTheDatabaseUnchanged(Case tc) throws Exception {
        refusedWithItsCodeAndTheDatabaseUnchanged(tc);
    }

    static Stream<Arguments> vectorCliCases() {
        return vectorCases().filter(Case::cli).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectorCliCases")
    @Tag("vector")
    void withPgvectorTheCliExitsWithTheCodesStatusAndTheDatabaseUnchanged(Case tc) throws Exception {
        theCliExitsWithTheCodesStatusAndTheDatabaseUnchanged(tc);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("try") // Ctx.close() may throw InterruptedException (its clean-ups stop processes)
    void refusedWithItsCodeAndTheDatabaseUnchanged(Case tc) throws Exception {
        try (Ctx ctx = new Ctx()) {
            baseline(ctx);
            Attempt attempt = tc.arrange().apply(ctx);
            String before = ctx.db.snapshot();

            Throwable thrown = catchThrowable(() -> {
                try (Migrator migrator = attempt.builder().get().load()) {
                    attempt.call().apply(migrator);
                }
            });

            assertThat(thrown).as(tc.name()).isInstanceOf(MigratorException.class);
            MigratorException e = (MigratorException) thrown;
            assertThat(e.code()).as("%s:\n%s", tc.name(), e.getMessage()).isEqualTo(tc.code());
            assertThat(e.getMessage()).startsWith(tc.code().code() + ": ");
            assertThat(e.summary()).isNotBlank();
            assertThat(e.remedy()).as("remedy of %s", e.getMessage()).isNotBlank();
            assertThat(ctx.db.snapshot()).as("database after %s", tc.name()).isEqualTo(before);
            assertThat(ctx.db.count("SELECT count(*) FROM items")).isEqualTo(2);
        }
    }

    static Stream<Arguments> cliCases() {
        return cases().filter(Case::cli).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cliCases")
    @SuppressWarnings("try") // Ctx.close() may throw InterruptedException (its clean-ups stop processes)
    void theCliExitsWithTheCodesStatusAndTheDatabaseUnchanged(Case tc) throws Exception {
        try (Ctx ctx = new Ctx()) {
            baseline(ctx);
            Attempt attempt = tc.arrange().apply(ctx);
            String before = ctx.db.snapshot();

            ChildJvm.Finished run = Cli.run(attempt.cliEnv(), attempt.cliArgs().toArray(String[]::new));

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(tc.code().exitCode());
            assertThat(run.stderr())
                    .as(run.toString())
                    .contains(tc.code().code())
                    .contains("Fix:")
                    .doesNotContain("\tat ");
            assertThat(ctx.db.snapshot()).as("database after %s", tc.name()).isEqualTo(before);
        }
    }

    @Test
    @SuppressWarnings("try") // Ctx.close() may throw InterruptedException (its clean-ups stop processes)
    void aByteOrderMarkIsAcceptedAndSqlInjectionInSeedValuesIsStoredAsText() throws Exception {
        try (Ctx ctx = new Ctx()) {
            baseline(ctx);
            ctx.migration("V6__bom.sql", "\uFEFFCREATE TABLE bom (id int);")
                    .seed(
                            "01_items.json",
                            "{\"table\": \"items\", \"key\": [\"id\"], \"rows\": [{\"id\": 9, \"name\": \"'); DROP TABLE items; --\"}]}");
            try (Migrator migrator = ctx.db.configure(ctx.scripts).load()) {
                assertThat(migrator.upgradeToHead().toRevision()).isEqualTo("6");
            }
            assertThat(ctx.db.exists("bom")).isTrue();
            assertThat(ctx.db.value("SELECT name FROM items WHERE id = 9")).isEqualTo("'); DROP TABLE items; --");
            assertThat(ctx.db.count("SELECT count(*) FROM items")).isEqualTo(3);
        }
    }

    static void baseline(Ctx ctx) {
        ctx.migration("V1__items.sql", V1).migration("V5__index.sql", V5);
        try (Migrator migrator = ctx.db.configure(ctx.scripts).load()) {
            assertThat(migrator.upgradeToHead().toRevision()).isEqualTo("5");
        }
    }

    /** 20,000 INSERTs into a new table (about 1.3 MB), the last one failing. */
    private static String huge() {
        StringBuilder sql = new StringBuilder("CREATE TABLE big (id int PRIMARY KEY, note text);\n");
        for (int i = 0; i < 20_000; i++) {
            sql.append("INSERT INTO big VALUES (")
                    .append(i)
                    .append(", 'row number ")
                    .append(i)
                    .append(" of a huge migration');\n");
        }
        sql.append("INSERT INTO big VALUES (0, 'duplicate key at the very end');\n");
        return sql.toString();
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A real hot standby of the shared server (pg_basebackup -R), stopped and deleted on clean-up; returns its URL. */
    static String startStandby(Ctx c) throws Exception {
        var server = c.db.server();
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "migrator-standby-" + UUID.randomUUID());
        int port = freePort();
        c.cleanups.add(0, () -> {
            server.runBinary(List.of("pg_ctl", "-D", dir.toString(), "-w", "stop", "-m", "immediate"));
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        });
        ProcessResult backup =
                server.runBinary(List.of("pg_basebackup", "-D", dir.toString(), "-R", "-X", "stream", "-c", "fast"));
        assertThat(backup.exitCode()).as(backup.stderr()).isZero();
        ProcessResult start = server.runBinary(List.of(
                "pg_ctl",
                "-D",
                dir.toString(),
                "-l",
                dir.resolve("log").toString(),
                "-w",
                "-t",
                "60",
                "-o",
                "-p " + port + " -c unix_socket_directories=" + dir,
                "start"));
        assertThat(start.exitCode()).as(start.stderr()).isZero();
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + c.db.name();
    }
}
