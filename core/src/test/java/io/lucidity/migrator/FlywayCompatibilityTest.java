package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.embedded.ProcessResult;
import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Migrator next to Flyway itself (the Flyway Core on the classpath): the same files give the same
 * history rows and checksums, the same schema and the same rows; a database migrated by one is taken
 * as it is by the other.
 */
class FlywayCompatibilityTest {
    private static final Map<String, String> PLACEHOLDERS =
            Map.of("tenant", "acme", "table_name", "widgets", "default_locale", "de-DE", "owner_team", "platform");

    /** Migrated by Flyway. */
    private TestDb flywayDb;
    /** Migrated by Migrator. */
    private TestDb migratorDb;

    private MigrationFiles dir;

    @BeforeEach
    void setUp() {
        flywayDb = new TestDb();
        migratorDb = new TestDb();
        dir = new MigrationFiles();
    }

    @AfterEach
    void tearDown() {
        dir.close();
        flywayDb.close();
        migratorDb.close();
    }

    private static FluentConfiguration flyway(TestDb db, MigrationFiles dir) {
        FluentConfiguration configuration = Flyway.configure()
                .dataSource(
                        db.url(),
                        TestServer.shared().user(),
                        TestServer.shared().password())
                .locations(dir.locations())
                .placeholders(PLACEHOLDERS);
        // Flyway's default transactional advisory lock would make CREATE INDEX CONCURRENTLY wait for itself.
        configuration
                .getConfigurationExtension(PostgreSQLConfigurationExtension.class)
                .setTransactionalLock(false);
        return configuration;
    }

    private MigratorConfig.Builder migrator(TestDb db) {
        MigratorConfig.Builder builder = db.configure(dir);
        PLACEHOLDERS.forEach(builder::placeholder);
        return builder;
    }

    private static List<String> history(TestDb db) throws SQLException {
        return db.column(
                "SELECT concat_ws(' | ', installed_rank, coalesce(version, '<repeatable>'), description, type, script, "
                        + "coalesce(checksum::text, '<none>'), success) FROM flyway_schema_history ORDER BY installed_rank");
    }

    @Test
    void checksumsAndHistoryRowsAreFlywaysOwn() throws SQLException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        dir.migration(
                        "V1__crlf_line_endings.sql",
                        "-- written on Windows\r\nCREATE TABLE a (id int PRIMARY KEY);\r\nINSERT INTO a VALUES (1);\r\n")
                .migration(
                        "V2__with_bom.sql",
                        concat(
                                bom,
                                "CREATE TABLE b (id int PRIMARY KEY, note text DEFAULT 'ünïcödé');\n"
                                        .getBytes(StandardCharsets.UTF_8)))
                .migration(
                        "V3__bom_and_crlf_without_final_newline.sql",
                        concat(
                                bom,
                                "CREATE TABLE c (id int);\r\nCOMMENT ON TABLE c IS 'c';"
                                        .getBytes(StandardCharsets.UTF_8)))
                .migration(
                        "V4__placeholders.sql",
                        "CREATE TABLE ${table_name} (id int PRIMARY KEY, tenant text NOT NULL DEFAULT '${tenant}');\n"
                                + "INSERT INTO ${table_name} (id) VALUES (1);\n")
                .migration("V4.1__dotted_version.sql", "ALTER TABLE a ADD COLUMN label text;\n")
                .migration("V2026.01.15.1__date_version.sql", "ALTER TABLE b ADD COLUMN label text;\n")
                .migration(
                        "R__widget_view.sql",
                        "CREATE OR REPLACE VIEW ${table_name}_view AS SELECT id, '${tenant}'::text AS tenant FROM ${table_name};\n")
                .migration(
                        "R__crlf_repeatable_with_placeholder.sql",
                        "CREATE OR REPLACE FUNCTION owner_team() RETURNS text\r\nLANGUAGE sql AS $$ SELECT '${owner_team}' $$;\r\n");

        MigrateResult flywayResult = flyway(flywayDb, dir).load().migrate();
        try (Migrator m = migrator(migratorDb).load()) {
            m.upgradeToHead();
        }

        assertThat(flywayResult.migrationsExecuted).isEqualTo(8);
        List<String> expected = history(flywayDb);
        assertThat(expected).hasSize(8).allSatisfy(row -> assertThat(row).doesNotContain("<none>"));
        assertThat(history(migratorDb)).isEqualTo(expected);
    }

    @Test
    void flywaysBuiltInPlaceholdersAreReplacedAsFlywayReplacesThem() throws SQLException {
        dir.migration("V1__builtin_placeholders.sql", """
                CREATE TABLE facts (name text PRIMARY KEY, value text);
                INSERT INTO facts VALUES ('defaultSchema', '${flyway:defaultSchema}'), ('table', '${flyway:table}'),
                    ('filename', '${flyway:filename}'), ('database', '${flyway:database}'), ('user', '${flyway:user}');
                """);

        flyway(flywayDb, dir).load().migrate();
        try (Migrator m = migrator(migratorDb).load()) {
            m.upgradeToHead();
        }

        assertThat(migratorDb.column("SELECT name || '=' || value FROM facts ORDER BY name"))
                .containsExactly(
                        "database=" + migratorDb.name(),
                        "defaultSchema=public",
                        "filename=V1__builtin_placeholders.sql",
                        "table=flyway_schema_history",
                        "user=" + TestServer.shared().user());
        assertThat(history(migratorDb)).isEqualTo(history(flywayDb));
    }

    @Test
    @Tag("vector")
    void aDatabaseMigratedByFlywayIsAdoptedWithoutRunningAnything() throws SQLException {
        writeRealWorldSet();
        flyway(flywayDb, dir).load().migrate();
        List<String> before = history(flywayDb);
        String schemaBefore = schemaDump(flywayDb);

        try (Migrator m = migrator(flywayDb).load()) {
            UpgradeReport report = m.upgradeToHead();
            assertThat(report.migrations()).as("nothing to apply").isEmpty();
            assertThat(report.fromRevision()).isEqualTo(report.toRevision()).isEqualTo("11");
            assertThat(m.upgradeToHead().upToDate()).isTrue();
            assertThat(m.current()).isEqualTo("11");
        }

        assertThat(history(flywayDb)).isEqualTo(before);
        assertThat(schemaDump(flywayDb)).isEqualTo(schemaBefore);
    }

    @Test
    @Tag("vector")
    void aDatabaseMigratedByFlywayIsAtHeadOnTheFastPathAtOnce() throws SQLException {
        dir.migration("V1__vector.sql", "CREATE EXTENSION IF NOT EXISTS vector;\n")
                .migration("V2__items.sql", "CREATE TABLE items (id int PRIMARY KEY, embedding vector(3));\n")
                .migration("R__items_view.sql", "CREATE OR REPLACE VIEW items_view AS SELECT id FROM items;\n");
        flyway(flywayDb, dir).load().migrate();

        try (Migrator m = migrator(flywayDb).load()) {
            UpgradeReport report = m.upgradeToHead();
            assertThat(report.migrations()).isEmpty();
            assertThat(report.upToDate())
                    .as("the extension exists, nothing is pending and there are no seeds")
                    .isTrue();
        }
    }

    @Test
    @Tag("vector")
    void flywaysOwnValidatePassesOnADatabaseMigratedByMigrator() throws SQLException {
        writeRealWorldSet();
        try (Migrator m = migrator(migratorDb)
                .transactionMode(TransactionMode.PER_MIGRATION)
                .load()) {
            m.upgradeToHead();
        }

        Flyway flyway = flyway(migratorDb, dir).load();
        ValidateResult result = flyway.validateWithResult();
        assertThat(result.validationSuccessful)
                .as(String.valueOf(result.invalidMigrations))
                .isTrue();
        assertThat(result.invalidMigrations).isEmpty();
        flyway.validate();
        assertThat(flyway.info().pending()).isEmpty();
        assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo("11");
        assertThat(flyway.migrate().migrationsExecuted)
                .as("Flyway finds nothing to do")
                .isZero();
    }

    @ParameterizedTest(name = "{0}")
    @Tag("vector")
    @EnumSource(TransactionMode.class)
    void aRealWorldMigrationSetGivesExactlyTheSchemaAndRowsFlywayGives(TransactionMode mode) throws SQLException {
        writeRealWorldSet();

        MigrateResult flywayResult = flyway(flywayDb, dir).load().migrate();
        UpgradeReport report;
        try (Migrator m = migrator(migratorDb).transactionMode(mode).load()) {
            report = m.upgradeToHead();
        }

        assertThat(flywayResult.migrationsExecuted).isEqualTo(13);
        assertThat(report.migrations()).hasSize(13);
        // CREATE INDEX CONCURRENTLY runs alone, and so does ALTER TYPE ... ADD VALUE (Flyway's parser flags it), which
        // commits the new value before V8 uses it: in one transaction PostgreSQL refuses that use (55P04).
        assertThat(report.migrations())
                .filteredOn(a -> !a.transactional())
                .extracting(AppliedMigration::version)
                .containsExactly("7", "9");
        String schema = schemaDump(flywayDb);
        assertThat(schema)
                .contains(
                        "CREATE TABLE public.documents",
                        "CREATE TYPE public.document_status AS ENUM",
                        "'archived'",
                        "CREATE TRIGGER documents_updated_at",
                        "CREATE VIEW public.document_summary",
                        "CREATE FUNCTION public.nearest_chunks",
                        "documents_account_status_idx",
                        "CREATE EXTENSION IF NOT EXISTS vector");
        assertThat(schemaDump(migratorDb)).isEqualTo(schema);
        assertThat(rows(migratorDb)).isEqualTo(rows(flywayDb));
        assertThat(history(migratorDb).stream()
                        .map(FlywayCompatibilityTest::withoutRank)
                        .toList())
                .isEqualTo(history(flywayDb).stream()
                        .map(FlywayCompatibilityTest::withoutRank)
                        .toList());
        assertThat(rows(flywayDb).get("documents")).contains("archived");
    }

    /**
     * A migration set as a team using Flyway writes it: extensions, an enum extended later and used right
     * after, tables with foreign keys, PL/pgSQL with dollar-quoted bodies full of semicolons, a trigger, a DO
     * block, COPY with inline data, placeholders, a concurrent index, comments before statements, a
     * subfolder, and repeatable views and functions.
     */
    private void writeRealWorldSet() {
        dir.migration("V1__extensions_and_types.sql", """
                -- Extensions and types shared by every table.
                CREATE EXTENSION IF NOT EXISTS vector;
                CREATE EXTENSION IF NOT EXISTS citext;
                CREATE TYPE document_status AS ENUM ('new', 'processing', 'done');
                CREATE DOMAIN locale_code AS text CHECK (VALUE ~ '^[a-z]{2}(-[A-Z]{2})?$');
                """);
        dir.migration("V2__accounts.sql", """
                CREATE TABLE accounts (
                    id          bigserial PRIMARY KEY,
                    email       citext NOT NULL UNIQUE,
                    locale      locale_code NOT NULL DEFAULT '${default_locale}',
                    created_at  timestamptz NOT NULL DEFAULT now(),
                    updated_at  timestamptz NOT NULL DEFAULT now()
                );
                COMMENT ON TABLE accounts IS 'Accounts of tenant ${tenant}; owned by ${owner_team}';
                CREATE TABLE countries (code char(2) PRIMARY KEY, name text NOT NULL, eu boolean NOT NULL DEFAULT false);
                INSERT INTO accounts (email) VALUES ('Admin@Example.com'), ('reader@example.com');
                """);
        dir.migration("V3__documents.sql", """
                CREATE TABLE documents (
                    id          bigserial PRIMARY KEY,
                    account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                    country     char(2) REFERENCES countries (code),
                    title       text NOT NULL,
                    status      document_status NOT NULL DEFAULT 'new',
                    metadata    jsonb NOT NULL DEFAULT '{}'::jsonb,
                    created_at  timestamptz NOT NULL DEFAULT now(),
                    updated_at  timestamptz NOT NULL DEFAULT now(),
                    CONSTRAINT documents_title_not_blank CHECK (btrim(title) <> '')
                );
                CREATE TABLE document_chunks (
                    document_id bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
                    position    int NOT NULL,
                    content     text NOT NULL,
                    embedding   vector(3),
                    PRIMARY KEY (document_id, position)
                );
                """);
        dir.migration("V4__functions_and_triggers.sql", """
                CREATE FUNCTION set_updated_at() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.updated_at := now();
                    RETURN NEW;
                END;
                $$;

                CREATE FUNCTION chunk_count(doc bigint) RETURNS int
                LANGUAGE plpgsql STABLE AS $body$
                DECLARE
                    n int;
                BEGIN
                    -- a comment; with a semicolon
                    SELECT count(*) INTO n FROM document_chunks WHERE document_id = doc;
                    IF n IS NULL THEN
                        RAISE NOTICE 'no chunks; returning 0';
                        RETURN 0;
                    END IF;
                    RETURN n;
                END;
                $body$;

                CREATE TRIGGER documents_updated_at BEFORE UPDATE ON documents
                    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
                CREATE TRIGGER accounts_updated_at BEFORE UPDATE ON accounts
                    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
                """);
        dir.migration("V5__reference_data.sql", """
                -- Countries, loaded the way pg_dump writes data.
                COPY countries (code, name, eu) FROM stdin;
                DE\tGermany\tt
                FR\tFrance\tt
                CH\tSwitzerland\tf
                NO\tNorway; Kingdom of\tf
                \\.

                INSERT INTO documents (account_id, country, title, metadata)
                SELECT id, 'DE', 'Welcome', '{"pages": 1, "tags": ["intro"]}' FROM accounts WHERE email = 'admin@example.com';
                """);
        dir.migration("V6__settings_with_do_block.sql", """
                CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL);

                INSERT INTO settings VALUES ('cleanup_sql', $sql$DELETE FROM documents WHERE status = 'done'; VACUUM documents;$sql$);
                INSERT INTO settings VALUES ('greeting', E'Hello;\\nWorld');

                DO $$
                DECLARE
                    r record;
                BEGIN
                    FOR r IN SELECT code FROM countries WHERE eu LOOP
                        INSERT INTO settings VALUES ('vat_' || lower(r.code), 'standard; reduced');
                    END LOOP;
                    IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'settings_value_idx') THEN
                        EXECUTE 'CREATE INDEX settings_value_idx ON settings (value)';
                    END IF;
                END
                $$;
                """);
        dir.migration("V7__archived_status.sql", """
                ALTER TYPE document_status ADD VALUE IF NOT EXISTS 'archived' AFTER 'done';
                """);
        dir.migration("V8__archive_old_documents.sql", """
                INSERT INTO documents (account_id, title, status)
                SELECT id, 'Old report', 'archived' FROM accounts WHERE email = 'reader@example.com';
                UPDATE documents SET status = 'processing' WHERE title = 'Welcome';
                """);
        dir.migration("V9__documents_index.sql", """
                CREATE INDEX CONCURRENTLY IF NOT EXISTS documents_account_status_idx ON documents (account_id, status);
                """);
        dir.migration("V10__audit_log.sql", """
                -- This migration adds the audit log.
                -- It is safe to run while the application is up.

                /* The table is append-only; see docs/audit.md */
                CREATE TABLE audit_log (
                    id          bigserial PRIMARY KEY,
                    document_id bigint REFERENCES documents (id) ON DELETE SET NULL,
                    action      text NOT NULL,
                    at          timestamptz NOT NULL DEFAULT now()
                );
                INSERT INTO audit_log (document_id, action) SELECT id, 'created' FROM documents ORDER BY id;
                ALTER TABLE documents ADD COLUMN archived_at timestamptz;
                """);
        dir.migration("2025/V11__chunks_for_welcome.sql", """
                INSERT INTO document_chunks (document_id, position, content, embedding)
                SELECT d.id, p.position, p.content, p.embedding::vector
                  FROM documents d,
                       (VALUES (1, 'First; chunk', '[0.1,0.2,0.3]'), (2, $c$It's "quoted"; really$c$, '[1,0,-1]')) AS p(position, content, embedding)
                 WHERE d.title = 'Welcome';
                """);
        dir.migration("R__document_summary_view.sql", """
                CREATE OR REPLACE VIEW document_summary AS
                SELECT d.id, a.email, d.title, d.status, chunk_count(d.id) AS chunks, '${tenant}'::text AS tenant
                  FROM documents d JOIN accounts a ON a.id = d.account_id;
                """);
        dir.migration("R__search_function.sql", """
                CREATE OR REPLACE FUNCTION nearest_chunks(query vector, k int DEFAULT 5)
                RETURNS TABLE (document_id bigint, chunk_position int, distance double precision)
                LANGUAGE sql STABLE AS $$
                    SELECT c.document_id, c.position, c.embedding <-> query
                      FROM document_chunks c
                     ORDER BY c.embedding <-> query
                     LIMIT k;
                $$;
                """);
    }

    /**
     * {@code pg_dump --schema-only} of a database, without the bookkeeping Migrator adds by design: its tables, and the
     * history summary's trigger and function (dropped first).
     */
    private static String schemaDump(TestDb db) throws SQLException {
        db.execute("DROP TRIGGER IF EXISTS migrator_history_summary ON flyway_schema_history; "
                + "DROP FUNCTION IF EXISTS migrator_history_changed()");
        ProcessResult result = TestServer.shared()
                .runBinary(List.of(
                        "pg_dump",
                        "--schema-only",
                        "--no-owner",
                        "--exclude-table=migrator_*",
                        "--dbname=" + db.name()));
        assertThat(result.succeeded()).as(result.stderr()).isTrue();
        return result.stdout()
                .lines()
                .filter(line -> !line.startsWith("\\restrict") && !line.startsWith("\\unrestrict"))
                .collect(Collectors.joining("\n"));
    }

    /**
     * The rows of every user table (history tables aside), ordered; columns filled by {@code now()} are compared
     * as "set or not", since the two databases were migrated at different moments. Sequences' positions too.
     */
    private static Map<String, String> rows(TestDb db) throws SQLException {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String table : db.column("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                + "AND table_type = 'BASE TABLE' AND table_name <> 'flyway_schema_history' AND table_name NOT LIKE 'migrator%' "
                + "ORDER BY table_name")) {
            List<String> columns = new ArrayList<>();
            for (String column : db.column(
                    "SELECT quote_ident(column_name) || CASE WHEN coalesce(column_default, '') ILIKE '%now()%' "
                            + "THEN ' IS NOT NULL' ELSE '' END FROM information_schema.columns WHERE table_schema = 'public' "
                            + "AND table_name = '" + table + "' ORDER BY ordinal_position")) {
                columns.add(column);
            }
            rows.put(
                    table,
                    String.join(
                            "\n",
                            db.column("SELECT row(" + String.join(", ", columns) + ")::text AS r FROM " + "\"" + table
                                    + "\" ORDER BY 1")));
        }
        for (String sequence :
                db.column("SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public' "
                        + "AND sequence_name NOT LIKE 'migrator%' ORDER BY 1")) {
            rows.put(sequence, db.value("SELECT last_value || ' ' || is_called FROM \"" + sequence + "\""));
        }
        return rows;
    }

    private static String withoutRank(String historyRow) {
        return historyRow.substring(historyRow.indexOf(" | ") + 3);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
