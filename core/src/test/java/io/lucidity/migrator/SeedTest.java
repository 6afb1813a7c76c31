package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeds on a real database: SQL, JSON and YAML files run after the migrations, each in its own
 * transaction, in name order, idempotently, with a journal row each; and what a user sees when a seed
 * is wrong.
 */
class SeedTest {
    /** The schema every test seeds into; without pgvector ({@link TestServer#vector()}), no vector column. */
    private static final String FULL_SCHEMA = """
            CREATE TABLE roles (name text PRIMARY KEY, rank int NOT NULL);
            CREATE TABLE users (
                id serial PRIMARY KEY,
                email text NOT NULL UNIQUE,
                password_hash text,
                role text REFERENCES roles (name),
                active boolean,
                login_count int,
                embedding vector(3),
                tags text[],
                scores int[],
                profile jsonb
            );
            CREATE TABLE system_config (key text PRIMARY KEY, value jsonb NOT NULL, note text);
            CREATE TABLE audit (id serial PRIMARY KEY, message text NOT NULL);
            CREATE TABLE "Odd Table" ("Key Col" text PRIMARY KEY, "col;drop" text, "MixedCase" int);
            """;

    private static final String SCHEMA =
            TestServer.vector() ? FULL_SCHEMA : FULL_SCHEMA.replace("    embedding vector(3),\n", "");

    private TestDb db;
    private MigrationFiles dir;

    @BeforeEach
    void setUp() {
        db = new TestDb();
        dir = new MigrationFiles().migration("V1__schema.sql", SCHEMA);
    }

    @AfterEach
    void tearDown() {
        dir.close();
        db.close();
    }

    @Test
    void aSeedsChecksumIsTheSha256OfItsTextWithoutTheByteOrderMarkAsInEarlierReleases() throws SQLException {
        String json =
                "{\"table\": \"roles\", \"key\": [\"name\"], \"rows\": [{\"name\": \"r\u00f4le \u2713\", \"rank\": 1}]}\n";
        byte[] utf8 = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] withBom = new byte[utf8.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, withBom, 3, utf8.length);
        dir.seed("01_roles.json", withBom);
        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeToHead();
            // A database seeded by an earlier release (which hashed the decoded text) finds its seeds unchanged.
            assertThat(db.value("SELECT checksum = encode(sha256(convert_to(" + "'" + json.replace("'", "''")
                            + "', 'UTF8')), 'hex') FROM migrator_seed_journal"))
                    .isEqualTo("t");
            assertThat(db.column("SELECT name FROM roles")).containsExactly("r\u00f4le \u2713");
            assertThat(migrator.upgradeToHead().seeds())
                    .extracting(SeedResult::outcome)
                    .containsExactly(SeedResult.Outcome.UNCHANGED);
        }
    }

    @Test
    void aSeedThatIsNotUtf8IsRefusedBeforeAnyMigrationRuns() throws SQLException {
        dir.seed("01_roles.json", new byte[] {'{', '"', 't', (byte) 0xC3, (byte) 0x28, '"', '}'});
        MigratorException e = catchThrowableOfType(MigratorException.class, () -> {
            try (Migrator migrator = db.configure(dir).load()) {
                migrator.upgradeToHead();
            }
        });
        assertThat(e.code()).isEqualTo(DiagnosticCode.UNREADABLE_FILE);
        assertThat(e.getMessage()).contains("01_roles.json", "not valid UTF-8");
        assertThat(db.exists("flyway_schema_history")).isFalse();
        assertThat(db.exists("roles")).isFalse();
    }

    @Test
    void sqlJsonAndYamlSeedsRunAfterTheMigrationsInNameOrder() throws SQLException {
        // Each seed depends on the one before it: a wrong order fails on the foreign key or finds no row.
        dir.seed("01_roles.json", """
                {"table": "roles", "key": ["name"], "rows": [{"name": "admin", "rank": 1}, {"name": "reader", "rank": 2}]}
                """);
        dir.seed("02_users.yaml", """
                table: users
                key: [email]
                rows:
                  - email: admin@example.com
                    role: admin
                  - email: reader@example.com
                    role: reader
                """);
        dir.seed("03_audit.sql", """
                INSERT INTO audit (message) SELECT 'seeded ' || email FROM users WHERE NOT EXISTS (SELECT 1 FROM audit) ORDER BY email;
                """);

        UpgradeReport report;
        try (Migrator migrator = db.configure(dir).load()) {
            report = migrator.upgradeToHead();
        }

        assertThat(report.migrations()).extracting(AppliedMigration::version).containsExactly("1");
        assertThat(report.seeds())
                .extracting(SeedResult::name, SeedResult::outcome, SeedResult::rowsAffected)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("01_roles.json", SeedResult.Outcome.APPLIED, 2L),
                        org.assertj.core.groups.Tuple.tuple("02_users.yaml", SeedResult.Outcome.APPLIED, 2L),
                        org.assertj.core.groups.Tuple.tuple("03_audit.sql", SeedResult.Outcome.APPLIED, 2L));
        assertThat(report.seedRows()).isEqualTo(6);
        assertThat(db.column("SELECT message FROM audit ORDER BY id"))
                .containsExactly("seeded admin@example.com", "seeded reader@example.com");
        assertThat(db.column("SELECT name FROM migrator_seed_journal ORDER BY applied_at, name"))
                .containsExactly("01_roles.json", "02_users.yaml", "03_audit.sql");
    }

    @Test
    void eachSeedRunsInATransactionOfItsOwn() throws SQLException {
        dir.seed("01_first.sql", """
                INSERT INTO audit (message) VALUES ('first a');
                INSERT INTO audit (message) VALUES ('first b');
                """);
        dir.seed("02_second.sql", "INSERT INTO audit (message) VALUES ('second');\n");

        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeToHead();
        }

        // xmin: the transaction that wrote a row.
        assertThat(db.value("SELECT count(DISTINCT xmin::text) FROM audit WHERE message LIKE 'first%'"))
                .as("both statements of one seed share a transaction")
                .isEqualTo("1");
        assertThat(db.value("SELECT count(DISTINCT xmin::text) FROM audit"))
                .as("the next seed has its own")
                .isEqualTo("2");
        assertThat(
                        db.value(
                                "SELECT count(*) FROM audit WHERE xmin::text IN (SELECT xmin::text FROM flyway_schema_history)"))
                .as("no seed shares the migrations' transaction")
                .isEqualTo("0");
        assertThat(
                        db.value(
                                "SELECT count(*) FROM audit WHERE xmin::text IN (SELECT xmin::text FROM migrator_seed_journal)"))
                .as("each seed's journal row commits with it")
                .isEqualTo("3");
    }

    @Test
    void insertMissingNeverTouchesAnExistingRow() throws SQLException {
        dir.migration("V2__existing_admin.sql", """
                INSERT INTO roles VALUES ('admin', 1);
                INSERT INTO users (email, password_hash, role, login_count) VALUES ('admin@example.com', 'changed-by-the-user', 'admin', 42);
                """);
        dir.seed("01_users.json", """
                {"table": "users", "key": ["email"], "mode": "insert-missing", "rows": [
                  {"email": "admin@example.com", "password_hash": "seeded-hash", "role": "admin", "login_count": 0},
                  {"email": "new@example.com", "password_hash": "seeded-hash", "role": "admin", "login_count": 0}
                ]}
                """);

        UpgradeReport report;
        try (Migrator migrator = db.configure(dir).load()) {
            report = migrator.upgradeToHead();
        }

        assertThat(report.seeds())
                .singleElement()
                .extracting(SeedResult::rowsAffected)
                .isEqualTo(1L);
        assertThat(db.column("SELECT email || ':' || password_hash || ':' || login_count FROM users ORDER BY email"))
                .containsExactly("admin@example.com:changed-by-the-user:42", "new@example.com:seeded-hash:0");
    }

    @Test
    void upsertUpdatesOnlyTheRowsThatDifferAndAReRunChangesNothing() throws SQLException {
        dir.seed("01_config.json", """
                {"table": "system_config", "key": ["key"], "mode": "upsert", "rows": [
                  {"key": "embedding.model", "value": "all-MiniLM-L6-v2", "note": "model"},
                  {"key": "embedding.dimensions", "value": 384, "note": "dims"},
                  {"key": "pipeline.stages", "value": ["ocr", "chunk", "embed"], "note": null}
                ]}
                """);
        try (Migrator migrator = db.configure(dir).load()) {
            assertThat(migrator.upgradeToHead().seeds())
                    .singleElement()
                    .extracting(SeedResult::rowsAffected)
                    .isEqualTo(3L);

            db.execute("UPDATE system_config SET value = '512', note = 'edited' WHERE key = 'embedding.dimensions'");
            List<String> untouchedBefore = db.column("SELECT key || ':' || xmin FROM system_config "
                    + "WHERE key <> 'embedding.dimensions' ORDER BY key");

            assertThat(migrator.seed()).singleElement().satisfies(result -> {
                assertThat(result.outcome()).isEqualTo(SeedResult.Outcome.APPLIED);
                assertThat(result.rowsAffected())
                        .as("only the edited row differs")
                        .isEqualTo(1L);
            });
            assertThat(db.value(
                            "SELECT value::text || ':' || note FROM system_config WHERE key = 'embedding.dimensions'"))
                    .isEqualTo("384:dims");
            assertThat(
                            db.column(
                                    "SELECT key || ':' || xmin FROM system_config WHERE key <> 'embedding.dimensions' ORDER BY key"))
                    .as("rows that already matched were not rewritten")
                    .isEqualTo(untouchedBefore);

            assertThat(migrator.seed())
                    .singleElement()
                    .extracting(SeedResult::rowsAffected)
                    .isEqualTo(0L);
        }
        assertThat(db.value("SELECT rows_affected FROM migrator_seed_journal WHERE name = '01_config.json'"))
                .isEqualTo("0");
    }

    @Test
    void aFileMayHoldAJsonArrayOfSeedObjects() throws SQLException {
        dir.seed("01_reference.json", """
                [
                  {"table": "roles", "key": ["name"], "rows": [{"name": "admin", "rank": 1}]},
                  {"table": "users", "key": ["email"], "rows": [{"email": "admin@example.com", "role": "admin"}]},
                  {"table": "system_config", "key": "key", "mode": "upsert", "rows": [{"key": "a", "value": {"on": true}}]}
                ]
                """);

        UpgradeReport report;
        try (Migrator migrator = db.configure(dir).load()) {
            report = migrator.upgradeToHead();
        }

        assertThat(report.seeds())
                .singleElement()
                .extracting(SeedResult::rowsAffected)
                .isEqualTo(3L);
        assertThat(db.column("SELECT email || ':' || role FROM users")).containsExactly("admin@example.com:admin");
        assertThat(db.value("SELECT value::text FROM system_config WHERE key = 'a'"))
                .isEqualTo("{\"on\": true}");
    }

    @Test
    void schemaIsOptionalAndMayNameAnotherSchema() throws SQLException {
        dir.migration(
                "V2__reference_schema.sql",
                "CREATE SCHEMA reference; CREATE TABLE reference.countries (code text PRIMARY KEY, name text);");
        dir.seed("01_countries.yaml", """
                schema: reference
                table: countries
                key: [code]
                rows:
                  - {code: DE, name: Germany}
                  - {code: FR, name: France}
                """);
        dir.seed("02_roles.yaml", """
                table: roles
                key: [name]
                rows: [{name: admin, rank: 1}]
                """);

        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeToHead();
        }

        assertThat(db.column("SELECT code || '=' || name FROM reference.countries ORDER BY code"))
                .containsExactly("DE=Germany", "FR=France");
        assertThat(db.column("SELECT name FROM public.roles"))
                .as("no schema: the configured one")
                .containsExactly("admin");
    }

    @Test
    void envValuesComeFromSeedVariablesOrTheirDefaults() throws SQLException {
        dir.seed(
                "01_roles.json",
                "{\"table\": \"roles\", \"key\": [\"name\"], \"rows\": [{\"name\": \"admin\", \"rank\": 1}]}");
        dir.seed("02_admin.json", """
                {"table": "users", "key": ["email"], "rows": [{
                  "email": "${env:SEEDTEST_ADMIN_EMAIL:-admin@example.com}",
                  "password_hash": "bcrypt:${env:SEEDTEST_HASH_4f1c}",
                  "role": "admin",
                  "tags": ["${env:SEEDTEST_TAG_4f1c}", "${env:SEEDTEST_UNSET_TAG_4f1c:-fallback-tag}"]
                }]}
                """);

        try (Migrator migrator = db.configure(dir)
                .seedVariable("SEEDTEST_HASH_4f1c", "hash-value-4f1c")
                .seedVariable("SEEDTEST_TAG_4f1c", "tag-value-4f1c")
                .load()) {
            migrator.upgradeToHead();
        }

        assertThat(db.column("SELECT email || ' ' || password_hash || ' ' || array_to_string(tags, ',') FROM users"))
                .containsExactly("admin@example.com bcrypt:hash-value-4f1c tag-value-4f1c,fallback-tag");
    }

    @Test
    void anUnsetVariableNamesTheVariableAndNeverAValue() throws SQLException {
        dir.seed(
                "01_roles.json",
                "{\"table\": \"roles\", \"key\": [\"name\"], \"rows\": [{\"name\": \"admin\", \"rank\": 1}]}");
        dir.seed("02_admin.json", """
                {"table": "users", "key": ["email"], "rows": [
                  {"email": "admin@example.com", "password_hash": "${env:SEEDTEST_KNOWN_77d2}", "role": "admin"},
                  {"email": "ops@example.com", "password_hash": "${env:SEEDTEST_NEVER_SET_77d2}", "role": "admin"}
                ]}
                """);

        SeedException e;
        try (Migrator migrator = db.configure(dir)
                .seedVariable("SEEDTEST_KNOWN_77d2", "known-value-77d2")
                .load()) {
            e = catchThrowableOfType(SeedException.class, migrator::upgradeToHead);
        }

        assertThat(e.code()).isEqualTo(DiagnosticCode.SEED_VARIABLE_MISSING);
        assertThat(e.getMessage())
                .startsWith("MIGRATOR-SEED-VARIABLE")
                .contains("SEEDTEST_NEVER_SET_77d2", "02_admin.json")
                .doesNotContain("known-value-77d2");
        assertThat(e.facts()).containsEntry("variable", "SEEDTEST_NEVER_SET_77d2");
        assertThat(e.remedy()).contains("SEEDTEST_NEVER_SET_77d2", "${env:SEEDTEST_NEVER_SET_77d2:-");
        assertThat(db.exists("users")).as("refused before the migration ran").isFalse();
    }

    @Test
    void aMissingSeedVariableRefusesTheStartBeforeAnyMigrationRuns() throws SQLException {
        dir.seed(
                "01_roles.json",
                "{\"table\": \"roles\", \"key\": [\"name\"], \"rows\": [{\"name\": \"admin\", \"rank\": 1}]}");
        dir.seed("02_admin.json", """
                {"table": "users", "key": ["email"],
                 "rows": [{"email": "admin@example.com", "profile": {"hash": ["${env:NOT_SET_SEEDTEST_5b1e}"]}, "role": "admin"}]}
                """);

        SeedException e;
        try (Migrator migrator = db.configure(dir).load()) {
            e = catchThrowableOfType(SeedException.class, migrator::upgradeToHead);
        }

        assertThat(e.code()).isEqualTo(DiagnosticCode.SEED_VARIABLE_MISSING);
        assertThat(e.facts()).containsEntry("variable", "NOT_SET_SEEDTEST_5b1e").containsEntry("seed", "02_admin.json");
        assertThat(db.exists("users")).as("V1 did not run").isFalse();
        assertThat(db.exists("roles")).as("V1 did not run").isFalse();
        assertThat(db.value("SELECT count(*) FROM flyway_schema_history"))
                .as("no history row")
                .isEqualTo("0");
    }

    @Test
    void aMalformedJsonSeedRefusesTheStartBeforeAnyMigrationRuns() throws SQLException {
        dir.seed("01_roles.json", "{\"table\": \"roles\", \"key\": [\"name\"], \"rows\": [{\"name\": \"admin\"");

        SeedException e;
        try (Migrator migrator = db.configure(dir).load()) {
            e = catchThrowableOfType(SeedException.class, migrator::upgradeToHead);
        }

        assertThat(e.code()).isEqualTo(DiagnosticCode.SEED_INVALID);
        assertThat(e.getMessage()).startsWith("MIGRATOR-SEED-INVALID: The seed 01_roles.json is not valid JSON");
        assertThat(db.exists("roles")).as("V1 did not run").isFalse();
        assertThat(db.value("SELECT count(*) FROM flyway_schema_history"))
                .as("no history row")
                .isEqualTo("0");
    }

    @Test
    void aSeedThatAlreadyRanIsNotValidatedAgain() throws SQLException {
        dir.seed(
                "01_roles.json",
                "{\"table\": \"roles\", \"key\": [\"name\"], \"rows\": [{\"name\": \"admin\", \"rank\": 1}]}");
        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeToHead();
        }
        dir.migration("V2__more.sql", "CREATE TABLE more_things (id int);");

        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeToHead();
        }

        assertThat(db.exists("more_things")).isTrue();
        assertThat(db.column("SELECT name FROM roles")).containsExactly("admin");
    }

    @Test
    @Tag("vector")
    void valuesTakeTheTypeOfTheirColumn() throws SQLException {
        dir.seed(
                "01_roles.json",
                "{\"table\": \"roles\", \"key\": [\"name\"], \"rows\": [{\"name\": \"admin\", \"rank\": 1}]}");
        dir.seed("02_users.json", """
                {"table": "users", "key": ["email"], "rows": [
                  {"email": "a@example.com", "role": "admin", "active": true, "login_count": 7,
                   "embedding": [0.1, 0.2, 0.3], "tags": ["x", "with space", "with \\"quote\\"", "back\\\\slash"],
                   "scores": [1, 2, 3], "profile": {"theme": "dark", "nested": {"n": [1, 2]}}},
                  {"email": "b@example.com", "active": false, "embedding": [-1, 0, 1.5], "tags": [], "scores": [4, null],
                   "profile": ["x", 1]},
                  {"email": "c@example.com", "role": null, "active": null, "login_count": null, "embedding": null,
                   "tags": null, "profile": 3.25},
                  {"email": "d@example.com", "profile": "just text\\twith a tab"}
                ]}
                """);

        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeToHead();
        }

        assertThat(db.column("""
                SELECT concat_ws(' | ', email, coalesce(role, 'NULL'), coalesce(active::text, 'NULL'),
                       coalesce(login_count::text, 'NULL'), coalesce(embedding::text, 'NULL'),
                       coalesce(tags::text, 'NULL'), coalesce(scores::text, 'NULL'),
                       coalesce(profile::text, 'NULL'), coalesce(jsonb_typeof(profile), 'NULL'))
                  FROM users ORDER BY email"""))
                .containsExactly(
                        "a@example.com | admin | true | 7 | [0.1,0.2,0.3] | {x,\"with space\",\"with \\\"quote\\\"\",\"back\\\\slash\"}"
                                + " | {1,2,3} | {\"theme\": \"dark\", \"nested\": {\"n\": [1, 2]}} | object",
                        "b@example.com | NULL | false | NULL | [-1,0,1.5] | {} | {4,NULL} | [\"x\", 1] | array",
                        "c@example.com | NULL | NULL | NULL | NULL | NULL | NULL | 3.25 | number",
                        "d@example.com | NULL | NULL | NULL | NULL | NULL | NULL | \"just text\\twith a tab\" | string");
        assertThat(db.value("SELECT tags[4] FROM users WHERE email = 'a@example.com'"))
                .isEqualTo("back\\slash");
        assertThat(db.value("SELECT vector_dims(embedding) FROM users WHERE email = 'b@example.com'"))
                .isEqualTo("3");
    }

    @Test
    void oddTableAndColumnNamesWorkBecauseIdentifiersAreQuoted() throws SQLException {
        dir.seed("01_odd.json", """
                {"table": "Odd Table", "key": ["Key Col"], "mode": "upsert",
                 "rows": [{"Key Col": "k1", "col;drop": "v1; DROP TABLE users; --", "MixedCase": 1},
                          {"Key Col": "k'2", "col;drop": "v2", "MixedCase": 2}]}
                """);

        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeToHead();
            db.execute("UPDATE \"Odd Table\" SET \"MixedCase\" = 99 WHERE \"Key Col\" = 'k1'");
            assertThat(migrator.seed())
                    .singleElement()
                    .extracting(SeedResult::rowsAffected)
                    .isEqualTo(1L);
        }

        assertThat(
                        db.column(
                                "SELECT \"Key Col\" || '|' || \"col;drop\" || '|' || \"MixedCase\" FROM \"Odd Table\" ORDER BY 1"))
                .containsExactly("k'2|v2|2", "k1|v1; DROP TABLE users; --|1");
        assertThat(db.exists("users")).isTrue();
    }

    @Test
    void anInjectionAttemptInAColumnNameIsRefusedAsAnUnknownColumn() throws SQLException {
        dir.seed("01_evil.json", """
                {"table": "users", "key": ["email"],
                 "rows": [{"email": "x@example.com", "email\\"; DROP TABLE users; --": "boom"}]}
                """);

        SeedException e;
        try (Migrator migrator = db.configure(dir).load()) {
            e = catchThrowableOfType(SeedException.class, migrator::upgradeToHead);
        }

        assertThat(e.code()).isEqualTo(DiagnosticCode.SEED_INVALID);
        assertThat(e.facts())
                .containsEntry("column", "email\"; DROP TABLE users; --")
                .containsEntry("table", "users");
        assertThat(e.facts().get("columns of the table")).contains("email", "password_hash");
        assertThat(db.exists("users")).isTrue();
        assertThat(db.value("SELECT count(*) FROM users")).isEqualTo("0");
    }

    @Test
    void anInjectionAttemptInATableNameIsRefusedAsAnUnknownTable() throws SQLException {
        dir.seed("01_evil.json", """
                {"table": "users\\"; DROP TABLE system_config; --", "key": ["email"], "rows": [{"email": "x@example.com"}]}
                """);

        SeedException e;
        try (Migrator migrator = db.configure(dir).load()) {
            e = catchThrowableOfType(SeedException.class, migrator::upgradeToHead);
        }

        assertThat(e.code()).isEqualTo(DiagnosticCode.SEED_INVALID);
        assertThat(e.getMessage()).contains("does not exist");
        assertThat(db.exists("system_config")).isTrue();
        assertThat(db.exists("users")).isTrue();
    }

    @Test
    void theSeedJournalHasARowPerSeed() throws SQLException {
        dir.seed(
                "01_roles.json",
                "{\"table\": \"roles\", \"key\": [\"name\"], \"rows\": [{\"name\": \"admin\", \"rank\": 1}, {\"name\": \"b\", \"rank\": 2}]}");
        dir.seed("02_note.sql", "INSERT INTO audit (message) SELECT 'once' WHERE NOT EXISTS (SELECT 1 FROM audit);\n");

        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeToHead();
        }

        assertThat(db.column("SELECT name || ' ' || length(checksum) || ' ' || (checksum ~ '^[0-9a-f]+$') || ' ' "
                        + "|| (applied_at <= now()) || ' ' || rows_affected FROM migrator_seed_journal ORDER BY name"))
                .containsExactly("01_roles.json 64 true true 2", "02_note.sql 64 true true 1");
    }

    @Test
    void unchangedSeedsAreNotRunAgainAndTheFastPathReportsUpToDate() throws SQLException {
        dir.seed(
                "01_roles.json",
                "{\"table\": \"roles\", \"key\": [\"name\"], \"rows\": [{\"name\": \"admin\", \"rank\": 1}]}");
        dir.seed("02_note.sql", "INSERT INTO audit (message) VALUES ('ran');\n");
        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeToHead();

            UpgradeReport again = migrator.upgradeToHead();
            assertThat(again.upToDate()).isTrue();
            assertThat(again.seeds()).extracting(SeedResult::outcome).containsOnly(SeedResult.Outcome.UNCHANGED);
        }

        dir.migration("V2__more.sql", "ALTER TABLE roles ADD COLUMN label text;");
        try (Migrator migrator = db.configure(dir).load()) {
            UpgradeReport report = migrator.upgradeToHead();
            assertThat(report.upToDate()).as("a migration was pending").isFalse();
            assertThat(report.migrations())
                    .extracting(AppliedMigration::version)
                    .containsExactly("2");
            assertThat(report.seeds())
                    .extracting(SeedResult::name, SeedResult::outcome)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("01_roles.json", SeedResult.Outcome.UNCHANGED),
                            org.assertj.core.groups.Tuple.tuple("02_note.sql", SeedResult.Outcome.UNCHANGED));
        }
        assertThat(db.value("SELECT count(*) FROM audit"))
                .as("the SQL seed ran once")
                .isEqualTo("1");
    }

    @Test
    void aChangedSeedFileRunsAgainAndTheOthersDoNot() throws SQLException {
        dir.seed(
                "01_roles.json",
                "{\"table\": \"roles\", \"key\": [\"name\"], \"rows\": [{\"name\": \"admin\", \"rank\": 1}]}");
        dir.seed("02_note.sql", "INSERT INTO audit (message) VALUES ('ran');\n");
        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeToHead();
        }
        String checksumBefore = db.value("SELECT checksum FROM migrator_seed_journal WHERE name = '01_roles.json'");

        dir.seed(
                "01_roles.json",
                "{\"table\": \"roles\", \"key\": [\"name\"], \"rows\": [{\"name\": \"admin\", \"rank\": 1}, {\"name\": \"editor\", \"rank\": 2}]}");
        try (Migrator migrator = db.configure(dir).load()) {
            UpgradeReport report = migrator.upgradeToHead();
            assertThat(report.upToDate()).isFalse();
            assertThat(report.seeds())
                    .extracting(SeedResult::name, SeedResult::outcome, SeedResult::rowsAffected)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("01_roles.json", SeedResult.Outcome.APPLIED, 1L),
                            org.assertj.core.groups.Tuple.tuple("02_note.sql", SeedResult.Outcome.UNCHANGED, 0L));
        }

        assertThat(db.column("SELECT name FROM roles ORDER BY rank")).containsExactly("admin", "editor");
        assertThat(db.value("SELECT count(*) FROM audit")).isEqualTo("1");
        assertThat(db.value("SELECT checksum FROM migrator_seed_journal WHERE name = '01_roles.json'"))
                .isNotEqualTo(checksumBefore);
    }

    @Test
    void aChangedVariableValueRunsTheSeedAgain() throws SQLException {
        dir.seed(
                "01_roles.json",
                "{\"table\": \"roles\", \"key\": [\"name\"], \"rows\": [{\"name\": \"admin\", \"rank\": 1}]}");
        dir.seed("02_admin.json", """
                {"table": "users", "key": ["email"], "mode": "upsert",
                 "rows": [{"email": "admin@example.com", "role": "admin", "password_hash": "${env:SEEDTEST_ROTATED_9e0b}"}]}
                """);
        try (Migrator migrator = db.configure(dir)
                .seedVariable("SEEDTEST_ROTATED_9e0b", "first-hash-9e0b")
                .load()) {
            migrator.upgradeToHead();
        }

        try (Migrator migrator = db.configure(dir)
                .seedVariable("SEEDTEST_ROTATED_9e0b", "second-hash-9e0b")
                .load()) {
            UpgradeReport report = migrator.upgradeToHead();
            assertThat(report.upToDate()).isFalse();
            assertThat(report.seeds())
                    .extracting(SeedResult::outcome)
                    .containsExactly(SeedResult.Outcome.UNCHANGED, SeedResult.Outcome.APPLIED);
        }

        assertThat(db.value("SELECT password_hash FROM users")).isEqualTo("second-hash-9e0b");
    }

    @Test
    void seedRunsEverySeedAgain() throws SQLException {
        dir.seed(
                "01_roles.json",
                "{\"table\": \"roles\", \"key\": [\"name\"], \"rows\": [{\"name\": \"admin\", \"rank\": 1}]}");
        dir.seed("02_note.sql", "INSERT INTO audit (message) VALUES ('ran');\n");
        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeToHead();
            db.execute("DELETE FROM roles");

            List<SeedResult> results = migrator.seed();

            assertThat(results)
                    .extracting(SeedResult::name, SeedResult::outcome, SeedResult::rowsAffected)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("01_roles.json", SeedResult.Outcome.APPLIED, 1L),
                            org.assertj.core.groups.Tuple.tuple("02_note.sql", SeedResult.Outcome.APPLIED, 1L));
        }
        assertThat(db.column("SELECT name FROM roles")).containsExactly("admin");
        assertThat(db.value("SELECT count(*) FROM audit"))
                .as("the SQL seed ran twice")
                .isEqualTo("2");
    }

    static Stream<Arguments> invalidSeeds() {
        return Stream.of(
                Arguments.of(
                        "malformed JSON",
                        "02_bad.json",
                        "{\"table\": \"users\", \"key\": [\"email\"], \"rows\": [{\"email\": \"a@example.com\",]}",
                        List.of("is not valid JSON", "line 1")),
                Arguments.of(
                        "malformed YAML",
                        "02_bad.yaml",
                        "table: users\nkey: [email\nrows:\n  - email: a@example.com\n",
                        List.of("is not valid YAML")),
                Arguments.of(
                        "unknown table",
                        "02_bad.json",
                        "{\"table\": \"no_such_table\", \"key\": [\"email\"], \"rows\": [{\"email\": \"a@example.com\"}]}",
                        List.of("public.no_such_table", "does not exist")),
                Arguments.of(
                        "unknown column",
                        "02_bad.json",
                        "{\"table\": \"users\", \"key\": [\"email\"], \"rows\": [{\"email\": \"a@example.com\", \"emial\": \"x\"}]}",
                        List.of("'emial'", "does not have")),
                Arguments.of(
                        "missing key column in a row",
                        "02_bad.json",
                        "{\"table\": \"users\", \"key\": [\"email\"], \"rows\": [{\"email\": \"a@example.com\"}, {\"role\": \"admin\"}]}",
                        List.of("row 2", "key column 'email'")),
                Arguments.of(
                        "duplicate keys",
                        "02_bad.json",
                        "{\"table\": \"users\", \"key\": [\"email\"], \"rows\": [{\"email\": \"a@example.com\"}, "
                                + "{\"email\": \"b@example.com\"}, {\"email\": \"a@example.com\"}]}",
                        List.of("rows 1 and 3", "same key")),
                Arguments.of(
                        "unknown field",
                        "02_bad.json",
                        "{\"table\": \"users\", \"key\": [\"email\"], \"modus\": \"upsert\", \"rows\": [{\"email\": \"a@example.com\"}]}",
                        List.of("unknown field 'modus'")),
                Arguments.of(
                        "unknown mode",
                        "02_bad.yaml",
                        "table: users\nkey: [email]\nmode: merge\nrows: [{email: a@example.com}]\n",
                        List.of("mode 'merge'")),
                Arguments.of(
                        "an object for an int column",
                        "02_bad.json",
                        "{\"table\": \"users\", \"key\": [\"email\"], \"rows\": [{\"email\": \"a@example.com\", \"login_count\": 1}, "
                                + "{\"email\": \"b@example.com\", \"login_count\": {\"n\": 1}}]}",
                        List.of("row 2", "'login_count'", "integer", "object")));
    }

    @Test
    @Tag("vector")
    void aStringInAVectorIsRefusedLikeAnyInvalidSeed() throws SQLException {
        anInvalidSeedIsRefusedNamingTheFileAndWhatIsWrong(
                "a string in a vector",
                "02_bad.json",
                "{\"table\": \"users\", \"key\": [\"email\"], \"rows\": [{\"email\": \"a@example.com\", \"embedding\": [1, \"x\", 3]}]}",
                List.of("row 1", "'embedding'", "vector(3)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSeeds")
    void anInvalidSeedIsRefusedNamingTheFileAndWhatIsWrong(
            String what, String file, String content, List<String> expected) throws SQLException {
        dir.seed(
                "01_roles.json",
                "{\"table\": \"roles\", \"key\": [\"name\"], \"rows\": [{\"name\": \"admin\", \"rank\": 1}]}");
        dir.seed(file, content);
        dir.seed("03_later.sql", "INSERT INTO audit (message) VALUES ('must not run');\n");

        SeedException e;
        try (Migrator migrator = db.configure(dir).load()) {
            e = catchThrowableOfType(SeedException.class, migrator::upgradeToHead);
        }

        assertThat(e).as(what).isNotNull();
        assertThat(e.code()).isEqualTo(DiagnosticCode.SEED_INVALID);
        assertThat(e.getMessage())
                .startsWith("MIGRATOR-SEED-INVALID: The seed " + file)
                .contains(expected);
        assertThat(e.facts().get("seed")).endsWith(file);
        assertThat(e.remedy()).isNotBlank();
        if (FOUND_BEFORE_ANYTHING_RUNS.contains(what)) {
            assertThat(db.exists("users"))
                    .as("refused before the migrations ran")
                    .isFalse();
            assertThat(db.value("SELECT count(*) FROM flyway_schema_history"))
                    .as("no history row")
                    .isEqualTo("0");
            assertThat(db.value("SELECT count(*) FROM migrator_seed_journal"))
                    .as("no seed ran")
                    .isEqualTo("0");
            return;
        }
        assertThat(db.value("SELECT count(*) FROM users"))
                .as("nothing of the bad seed")
                .isEqualTo("0");
        assertThat(db.column("SELECT name FROM roles"))
                .as("the seed before it stays")
                .containsExactly("admin");
        assertThat(db.value("SELECT count(*) FROM audit"))
                .as("seeds after it do not run")
                .isEqualTo("0");
        assertThat(db.column("SELECT name FROM migrator_seed_journal")).containsExactly("01_roles.json");
        assertThat(db.value("SELECT count(*) FROM flyway_schema_history WHERE success"))
                .as("the migrations stay")
                .isEqualTo("1");
    }

    /** Invalid seeds found without the database (syntax, structure): refused before any migration or seed runs. */
    private static final java.util.Set<String> FOUND_BEFORE_ANYTHING_RUNS = java.util.Set.of(
            "malformed JSON", "malformed YAML", "missing key column in a row", "unknown field", "unknown mode");

    @Test
    void aValueTheServerRejectsFailsTheSeedNamingTheRowAndRollsItBack() throws SQLException {
        dir.seed(
                "01_roles.json",
                "{\"table\": \"roles\", \"key\": [\"name\"], \"rows\": [{\"name\": \"admin\", \"rank\": 1}]}");
        dir.seed("02_users.json", """
                {"table": "users", "key": ["email"], "rows": [
                  {"email": "a@example.com", "login_count": 1},
                  {"email": "b@example.com", "login_count": 2},
                  {"email": "c@example.com", "login_count": "abc"}
                ]}
                """);

        SeedException e;
        try (Migrator migrator = db.configure(dir).load()) {
            e = catchThrowableOfType(SeedException.class, migrator::upgradeToHead);
        }

        assertThat(e.code()).isEqualTo(DiagnosticCode.SEED_FAILED);
        assertThat(e.getMessage())
                .startsWith("MIGRATOR-SEED-FAILED: The seed 02_users.json failed")
                .contains("invalid input syntax for type integer");
        assertThat(e.facts().get("seed")).endsWith("02_users.json");
        assertThat(e.facts())
                .containsEntry("row", "3")
                .containsEntry("SQLState", "22P02")
                .containsEntry("rolled back", "02_users.json")
                .containsEntry("seeds applied before", "01_roles.json");
        assertThat(e.sqlState()).isEqualTo("22P02");
        assertThat(e.remedy()).contains("Correct the seed");
        assertThat(db.value("SELECT count(*) FROM users"))
                .as("rows 1 and 2 rolled back with row 3")
                .isEqualTo("0");
        assertThat(db.column("SELECT name FROM roles")).containsExactly("admin");
        assertThat(db.column("SELECT name FROM migrator_seed_journal")).containsExactly("01_roles.json");
    }

    @Test
    void aFailingSqlSeedIsRolledBackWhole() throws SQLException {
        dir.seed(
                "01_roles.json",
                "{\"table\": \"roles\", \"key\": [\"name\"], \"rows\": [{\"name\": \"admin\", \"rank\": 1}]}");
        dir.seed("02_users.sql", """
                INSERT INTO users (email, role) VALUES ('a@example.com', 'admin');
                INSERT INTO users (email, role) VALUES ('b@example.com', 'no-such-role');
                """);

        SeedException e;
        try (Migrator migrator = db.configure(dir).load()) {
            e = catchThrowableOfType(SeedException.class, migrator::upgradeToHead);
        }

        assertThat(e.code()).isEqualTo(DiagnosticCode.SEED_FAILED);
        assertThat(e.facts()).containsEntry("SQLState", "23503").containsEntry("rolled back", "02_users.sql");
        assertThat(e.facts().get("detail")).contains("no-such-role");
        assertThat(db.value("SELECT count(*) FROM users")).isEqualTo("0");
        assertThat(db.column("SELECT name FROM roles")).containsExactly("admin");
    }

    @Test
    void aFailedSeedRunsAgainOnceCorrected() throws SQLException {
        dir.seed(
                "01_users.json",
                "{\"table\": \"users\", \"key\": [\"email\"], \"rows\": [{\"email\": \"a@example.com\", \"login_count\": \"abc\"}]}");
        try (Migrator migrator = db.configure(dir).load()) {
            assertThatThrownBy(migrator::upgradeToHead).isInstanceOf(SeedException.class);
        }

        dir.seed(
                "01_users.json",
                "{\"table\": \"users\", \"key\": [\"email\"], \"rows\": [{\"email\": \"a@example.com\", \"login_count\": 3}]}");
        try (Migrator migrator = db.configure(dir).load()) {
            UpgradeReport report = migrator.upgradeToHead();
            assertThat(report.migrations()).as("V1 stayed applied").isEmpty();
            assertThat(report.seeds())
                    .singleElement()
                    .extracting(SeedResult::outcome)
                    .isEqualTo(SeedResult.Outcome.APPLIED);
        }
        assertThat(db.value("SELECT login_count FROM users")).isEqualTo("3");
    }

    @Test
    @Tag("vector")
    void aTenThousandRowJsonSeedLoads() throws SQLException {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            rows.append(i == 0 ? "" : ",\n")
                    .append("{\"email\": \"user")
                    .append(i)
                    .append("@example.com\", \"login_count\": ")
                    .append(i)
                    .append(", \"embedding\": [")
                    .append(i % 7)
                    .append(", 0.5, -")
                    .append(i % 3 + 1)
                    .append("]}");
        }
        dir.seed(
                "01_many.json",
                "{\"table\": \"users\", \"key\": [\"email\"], \"mode\": \"upsert\", \"rows\": [\n" + rows + "\n]}");

        try (Migrator migrator = db.configure(dir).load()) {
            assertThat(migrator.upgradeToHead().seeds())
                    .singleElement()
                    .extracting(SeedResult::rowsAffected)
                    .isEqualTo(10_000L);
            assertThat(migrator.seed())
                    .singleElement()
                    .extracting(SeedResult::rowsAffected)
                    .isEqualTo(0L);
        }
        assertThat(db.value("SELECT count(*) || ' ' || sum(login_count) FROM users"))
                .isEqualTo("10000 49995000");
        assertThat(db.value("SELECT embedding::text FROM users WHERE email = 'user9999@example.com'"))
                .isEqualTo("[3,0.5,-1]");
    }
}
