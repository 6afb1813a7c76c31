package io.lucidity.migrator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lucidity.migrator.testsupport.MigrationFiles;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The built-in checks pass on sound migrations and name the culprit of each kind of breakage. */
class MigrationChecksTest {
    private final MigrationFiles files = new MigrationFiles();

    @AfterEach
    void removeFiles() {
        files.close();
    }

    private MigrationChecks checks() {
        return MigrationChecks.forLocations(files.locations())
                .seeds(files.seeds())
                .extensions();
    }

    @Test
    void theExampleSchemaPassesEveryCheck() {
        List<MigrationCheckResult> results = MigrationChecks.forLocations("classpath:db/migration")
                .seeds("classpath:db/seed")
                .run();

        assertThat(results).extracting(MigrationCheckResult::check).containsExactly(MigrationCheck.values());
        assertThat(results)
                .allSatisfy(r -> assertThat(r.passed()).as(r.toString()).isTrue());
        assertThat(results.get(3).summary())
                .contains("U6__index_chunk_embeddings.sql", "U7__add_document_language.sql");
        MigrationChecks.forLocations("classpath:db/migration")
                .seeds("classpath:db/seed")
                .assertAll();
    }

    @Test
    void aSettingOneMigrationLeavesBehindDoesNotLeakIntoTheNextSoBothWaysAgree() {
        files.migration("V1__create_app_schema.sql", """
                CREATE SCHEMA app;
                SET search_path TO app, public;
                CREATE TABLE settings (key TEXT PRIMARY KEY);
                """);
        files.migration("V2__create_notes.sql", "CREATE TABLE notes (id INT PRIMARY KEY);");
        files.migration("V3__create_tags.sql", "CREATE TABLE tags (id INT PRIMARY KEY);");

        MigrationCheckResult result = checks().run().stream()
                .filter(r -> r.check() == MigrationCheck.STEP_BY_STEP)
                .findFirst()
                .orElseThrow();

        assertThat(result.passed()).as(result.toString()).isTrue();
        assertThat(result.summary()).contains("3 version(s) applied one at a time give the same schema");
    }

    @Test
    void aMigrationThatNeedsTheSameTransactionAsThePreviousOneIsNamed() {
        files.migration("V1__stage_names.sql", """
                CREATE TEMP TABLE staged_names (name TEXT) ON COMMIT DROP;
                INSERT INTO staged_names VALUES ('notes');
                CREATE TABLE settings (key TEXT PRIMARY KEY);
                """);
        files.migration("V2__create_notes.sql", "CREATE TABLE notes AS SELECT name FROM staged_names;");
        files.migration("V3__create_tags.sql", "CREATE TABLE tags (id INT PRIMARY KEY);");

        MigrationCheckFailure failure =
                catchThrowableOfType(MigrationCheckFailure.class, () -> checks().assertStepByStepMatchesOneShot());

        assertThat(failure.check()).isEqualTo(MigrationCheck.STEP_BY_STEP);
        assertThat(failure.culprit()).isEqualTo("V2 (V2__create_notes.sql)");
        assertThat(failure)
                .hasMessageContaining("fails when applied on its own, after V1 (V1__stage_names.sql)")
                .hasMessageContaining("staged_names");
    }

    @Test
    void aMigrationWhoseSchemaDependsOnTheSameTransactionIsNamedWithTheDifference() {
        files.migration("V1__stage_names.sql", """
                CREATE TEMP TABLE staged_names (name TEXT) ON COMMIT DROP;
                CREATE TABLE settings (key TEXT PRIMARY KEY);
                """);
        files.migration("V2__create_notes.sql", """
                DO $$
                BEGIN
                    IF to_regclass('pg_temp.staged_names') IS NOT NULL THEN
                        CREATE TABLE notes (id INT PRIMARY KEY);
                    ELSE
                        CREATE TABLE memos (id INT PRIMARY KEY);
                    END IF;
                END $$;
                """);
        files.migration("V3__create_tags.sql", "CREATE TABLE tags (id INT PRIMARY KEY);");

        MigrationCheckFailure failure =
                catchThrowableOfType(MigrationCheckFailure.class, () -> checks().assertStepByStepMatchesOneShot());

        assertThat(failure.check()).isEqualTo(MigrationCheck.STEP_BY_STEP);
        assertThat(failure.culprit()).isEqualTo("V2 (V2__create_notes.sql)");
        assertThat(failure).hasMessageContaining("+ table public.memos").hasMessageContaining("- table public.notes");
    }

    @Test
    void anUndoScriptThatForgetsAColumnIsNamedWithTheLeftover() {
        files.migration(
                "V1__create_articles.sql", "CREATE TABLE articles (id BIGSERIAL PRIMARY KEY, title TEXT NOT NULL);");
        files.migration("U1__create_articles.sql", "DROP TABLE articles;");
        files.migration("V2__add_slug.sql", """
                ALTER TABLE articles ADD COLUMN slug TEXT;
                CREATE UNIQUE INDEX articles_slug_key ON articles (slug);
                """);
        files.migration("U2__add_slug.sql", "DROP INDEX articles_slug_key;");

        MigrationCheckFailure failure =
                catchThrowableOfType(MigrationCheckFailure.class, () -> checks().assertUndoScriptsRoundTrip());

        assertThat(failure.check()).isEqualTo(MigrationCheck.UNDO_ROUND_TRIP);
        assertThat(failure.culprit()).isEqualTo("U2__add_slug.sql");
        assertThat(failure)
                .hasMessageContaining("+ column public.articles.slug: #3 text")
                .hasMessageNotContaining("articles_slug_key");
    }

    @Test
    void undoScriptsThatRestoreTheSchemaPassAndVersionsWithoutOneAreSkipped() {
        files.migration("V1__create_articles.sql", "CREATE TABLE articles (id BIGSERIAL PRIMARY KEY);");
        files.migration("V2__add_title.sql", "ALTER TABLE articles ADD COLUMN title TEXT NOT NULL DEFAULT '';");
        files.migration("U2__add_title.sql", "ALTER TABLE articles DROP COLUMN title;");
        files.migration("R__articles_view.sql", "CREATE OR REPLACE VIEW article_ids AS SELECT id FROM articles;");

        checks().assertUndoScriptsRoundTrip();
        assertThat(checks().run())
                .allSatisfy(r -> assertThat(r.passed()).as(r.toString()).isTrue());
    }

    @Test
    void aSeedThatAddsRowsOnEveryRunIsNamed() {
        files.migration("V1__create_tables.sql", """
                CREATE TABLE roles (name TEXT PRIMARY KEY);
                CREATE TABLE audit_log (id BIGSERIAL PRIMARY KEY, message TEXT NOT NULL);
                """);
        files.seed("01_roles.sql", "INSERT INTO roles VALUES ('admin'), ('member') ON CONFLICT DO NOTHING;");
        files.seed("02_audit.sql", "INSERT INTO audit_log (message) VALUES ('seeded');");

        MigrationCheckFailure failure =
                catchThrowableOfType(MigrationCheckFailure.class, () -> checks().assertSeedsAreIdempotent());

        assertThat(failure.check()).isEqualTo(MigrationCheck.SEEDS_IDEMPOTENT);
        assertThat(failure.culprit()).isEqualTo("02_audit.sql (1 row(s))");
        assertThat(failure)
                .hasMessageContaining("public.audit_log: 1 row(s) -> 2 row(s)")
                .hasMessageNotContaining("public.roles");
    }

    @Test
    void aSeedThatFailsOnItsSecondRunIsNamed() {
        files.migration("V1__create_roles.sql", "CREATE TABLE roles (name TEXT PRIMARY KEY);");
        files.seed("01_roles.sql", "INSERT INTO roles VALUES ('admin');");

        MigrationCheckFailure failure =
                catchThrowableOfType(MigrationCheckFailure.class, () -> checks().assertSeedsAreIdempotent());

        assertThat(failure.culprit()).contains("01_roles.sql");
        assertThat(failure).hasMessageContaining("second time failed").hasMessageContaining("23505");
    }

    @Test
    void aMisnamedFileIsNamed() {
        files.migration("V1__create_roles.sql", "CREATE TABLE roles (name TEXT PRIMARY KEY);");
        files.migration("V2_create_users.sql", "CREATE TABLE users (id INT PRIMARY KEY);");

        assertThatThrownBy(() -> checks().assertFilesAreValid())
                .isInstanceOfSatisfying(MigrationCheckFailure.class, f -> {
                    assertThat(f.check()).isEqualTo(MigrationCheck.FILES);
                    assertThat(f.culprit()).contains("V2_create_users.sql");
                })
                .hasMessageContaining("MIGRATOR-INVALID-NAME");
    }

    @Test
    void aDuplicatedVersionNamesBothFiles() {
        files.migration("V1__create_roles.sql", "CREATE TABLE roles (name TEXT PRIMARY KEY);");
        files.migration("V1__create_users.sql", "CREATE TABLE users (id INT PRIMARY KEY);");

        MigrationCheckFailure failure = catchThrowableOfType(MigrationCheckFailure.class, () -> checks().assertAll());

        assertThat(failure.check()).isEqualTo(MigrationCheck.FILES);
        assertThat(failure.culprit()).contains("V1__create_roles.sql").contains("V1__create_users.sql");
        assertThat(checks().run()).hasSize(1);
    }

    @Test
    void aMigrationThatFailsOnAnEmptyDatabaseIsNamed() {
        files.migration("V1__create_roles.sql", "CREATE TABLE roles (name TEXT PRIMARY KEY);");
        files.migration("V2__add_index.sql", "CREATE INDEX roles_label_idx ON roles (label);");

        MigrationCheckFailure failure =
                catchThrowableOfType(MigrationCheckFailure.class, () -> checks().assertUpgradesFromEmpty());

        assertThat(failure.check()).isEqualTo(MigrationCheck.UPGRADE_FROM_EMPTY);
        assertThat(failure.culprit()).contains("V2__add_index.sql");
        assertThat(failure).hasMessageContaining("label");
    }

    @Test
    void assertAllReportsEveryFailedCheckTogether() {
        files.migration("V1__create_tables.sql", "CREATE TABLE audit_log (id BIGSERIAL PRIMARY KEY, message TEXT);");
        files.migration("V2__add_level.sql", "ALTER TABLE audit_log ADD COLUMN level TEXT;");
        files.migration("U2__add_level.sql", "SELECT 1;");
        files.seed("01_audit.sql", "INSERT INTO audit_log (message) VALUES ('seeded');");

        MigrationCheckFailure failure = catchThrowableOfType(MigrationCheckFailure.class, () -> checks().assertAll());

        assertThat(failure)
                .hasMessageStartingWith("2 migration checks failed")
                .hasMessageContaining("Undo scripts round-trip failed at U2__add_level.sql")
                .hasMessageContaining("Seeds are idempotent failed at 01_audit.sql");
        assertThat(failure.getSuppressed()).hasSize(2);
    }

    @Test
    void anIndexBuiltWithoutConcurrentlyOnATableOfAnEarlierMigrationIsNamedWithItsFix() {
        files.migration(
                "V1__create_orders.sql",
                "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer TEXT);\n"
                        + "CREATE INDEX orders_customer ON orders (customer);");
        files.migration(
                "V2__orders_created.sql",
                "ALTER TABLE orders ADD COLUMN created TIMESTAMPTZ;\n"
                        + "CREATE INDEX orders_created ON orders (created);");

        MigrationCheckFailure failure =
                catchThrowableOfType(MigrationCheckFailure.class, () -> checks().assertNoLockHazards());

        assertThat(failure.check()).isEqualTo(MigrationCheck.LOCK_HAZARDS);
        assertThat(failure.culprit()).isEqualTo("V2 (V2__orders_created.sql)");
        assertThat(failure)
                .hasMessageContaining("V2 (V2__orders_created.sql) line 2: index-not-concurrent (takes SHARE, blocks"
                        + " writes, DDL)")
                .hasMessageContaining("CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_created ON orders (created);")
                .hasMessageNotContaining("V1 (");

        files.migration(
                "V2__orders_created.sql",
                "ALTER TABLE orders ADD COLUMN created TIMESTAMPTZ;\n"
                        + "-- migrator:allow index-not-concurrent orders holds a few hundred rows\n"
                        + "CREATE INDEX orders_created ON orders (created);");
        MigrationCheckResult allowed = checks().run().stream()
                .filter(r -> r.check() == MigrationCheck.LOCK_HAZARDS)
                .findFirst()
                .orElseThrow();
        assertThat(allowed.passed()).as(allowed.toString()).isTrue();
        assertThat(allowed.summary()).isEqualTo("2 migration(s) linted: no lock hazard (1 allowed)");
    }
}
