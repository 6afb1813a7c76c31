package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.LintFinding.Severity;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every lint rule, without a database (tables the migrations do not create exist and are of unknown size): the
 * hazardous statement is found with its lock, what it blocks and the safe rewrite; the safe form is not flagged.
 */
class LintRulesTest {
    private final MigrationFiles dir = new MigrationFiles();

    @AfterEach
    void cleanUp() {
        dir.close();
    }

    /** Lints the scripts as V1, V2, ... of one upgrade. */
    private LintReport lint(String... scripts) {
        dir.clear();
        for (int i = 0; i < scripts.length; i++) {
            dir.migration("V" + (i + 1) + "__step.sql", scripts[i]);
        }
        return Migrator.lint(Migrator.configure().locations(dir.locations()));
    }

    private static List<String> rules(LintReport report) {
        return report.findings().stream().map(LintFinding::rule).toList();
    }

    private static LintFinding only(LintReport report, String rule) {
        assertThat(rules(report)).containsExactly(rule);
        return report.findings().get(0);
    }

    @Test
    void indexWithoutConcurrentlyOnAnExistingTableBlocksWrites() {
        LintFinding f = only(lint("CREATE INDEX users_email ON users (email);"), "index-not-concurrent");
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.lock()).isEqualTo("SHARE");
        assertThat(f.blocks()).isEqualTo("writes, DDL");
        assertThat(f.fix()).contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email ON users (email);");
        assertThat(f.migration()).isEqualTo("V1 (V1__step.sql)");
        assertThat(f.line()).isEqualTo(1);

        assertThat(lint("CREATE INDEX CONCURRENTLY users_email ON users (email);")
                        .findings())
                .isEmpty();
    }

    @Test
    void dropIndexWithoutConcurrentlyTakesAccessExclusive() {
        LintFinding f = only(lint("DROP INDEX users_email;"), "index-not-concurrent");
        assertThat(f.lock()).isEqualTo("ACCESS EXCLUSIVE");
        assertThat(f.blocks()).isEqualTo("reads, writes, DDL");
        assertThat(f.fix()).contains("DROP INDEX CONCURRENTLY IF EXISTS users_email;");

        assertThat(lint("DROP INDEX CONCURRENTLY IF EXISTS users_email;").findings())
                .isEmpty();
    }

    @Test
    void reindexWithoutConcurrently() {
        LintFinding f = only(lint("REINDEX TABLE users;"), "reindex-not-concurrent");
        assertThat(f.lock()).contains("SHARE").contains("ACCESS EXCLUSIVE");
        assertThat(f.fix()).contains("REINDEX TABLE CONCURRENTLY users;");

        assertThat(lint("REINDEX TABLE CONCURRENTLY users;").findings()).isEmpty();
    }

    @Test
    void addColumnWithAVolatileDefaultRewritesTheTable() {
        for (String column : List.of(
                "created timestamptz DEFAULT clock_timestamp()",
                "token uuid DEFAULT gen_random_uuid()",
                "n bigserial",
                "weight float8 DEFAULT random()",
                "doubled int GENERATED ALWAYS AS (id * 2) STORED")) {
            LintFinding f = only(lint("ALTER TABLE users ADD COLUMN " + column + ";"), "add-column-volatile-default");
            assertThat(f.lock()).isEqualTo("ACCESS EXCLUSIVE");
            assertThat(f.blocks()).isEqualTo("reads, writes, DDL");
            assertThat(f.fix()).contains("ALTER TABLE users ADD COLUMN");
        }
        LintFinding f = lint("ALTER TABLE users ADD COLUMN created timestamptz DEFAULT clock_timestamp();")
                .findings()
                .get(0);
        assertThat(f.fix())
                .contains("ALTER TABLE users ADD COLUMN created timestamptz;")
                .contains("ALTER TABLE users ALTER COLUMN created SET DEFAULT clock_timestamp();");

        assertThat(lint("ALTER TABLE users ADD COLUMN created timestamptz DEFAULT now();")
                        .findings())
                .isEmpty();
        assertThat(lint("ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true;")
                        .findings())
                .isEmpty();
    }

    @Test
    void setNotNullWithoutAValidatedCheckScansUnderAccessExclusive() {
        LintFinding f = only(lint("ALTER TABLE users ALTER COLUMN email SET NOT NULL;"), "set-not-null");
        assertThat(f.lock()).isEqualTo("ACCESS EXCLUSIVE");
        assertThat(f.fix())
                .contains("ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;")
                .contains("VALIDATE CONSTRAINT users_email_not_null;")
                .contains("ALTER COLUMN email SET NOT NULL;");

        // The recipe: the VALIDATE in its own transaction (here the migration runs outside one).
        dir.clear();
        dir.migration("V1__check.sql", "ALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID;")
                .migration("V2__validate.sql", "ALTER TABLE users VALIDATE CONSTRAINT email_nn;")
                .migration("V2__validate.sql.conf", "executeInTransaction=false\n")
                .migration(
                        "V3__not_null.sql",
                        "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT email_nn;");
        assertThat(Migrator.lint(Migrator.configure().locations(dir.locations()))
                        .findings())
                .isEmpty();
    }

    @Test
    void addNotNullColumnWithoutDefault() {
        LintFinding f = only(lint("ALTER TABLE users ADD COLUMN tenant int NOT NULL;"), "add-not-null-column");
        assertThat(f.lock()).isEqualTo("ACCESS EXCLUSIVE");
        assertThat(f.fix()).contains("ADD COLUMN tenant int NOT NULL DEFAULT <constant>;");

        assertThat(lint("ALTER TABLE users ADD COLUMN tenant int NOT NULL DEFAULT 0;")
                        .findings())
                .isEmpty();
    }

    @Test
    void foreignKeyWithoutNotValidLocksBothTables() {
        LintFinding f = only(
                lint("ALTER TABLE orders ADD CONSTRAINT orders_user FOREIGN KEY (user_id) REFERENCES users (id);"),
                "add-foreign-key");
        assertThat(f.lock()).isEqualTo("SHARE ROW EXCLUSIVE");
        assertThat(f.blocks()).isEqualTo("writes, DDL (on both tables)");
        assertThat(f.message()).contains("orders").contains("users");
        assertThat(f.fix())
                .contains("ALTER TABLE orders ADD CONSTRAINT orders_user FOREIGN KEY (user_id) REFERENCES users (id)"
                        + " NOT VALID;")
                .contains("ALTER TABLE orders VALIDATE CONSTRAINT orders_user;");

        // The recipe: the VALIDATE in a transaction of its own.
        dir.clear();
        dir.migration(
                        "V1__fk.sql",
                        "ALTER TABLE orders ADD CONSTRAINT orders_user FOREIGN KEY (user_id) REFERENCES users (id) NOT"
                                + " VALID;")
                .migration("V2__validate.sql", "ALTER TABLE orders VALIDATE CONSTRAINT orders_user;");
        LintReport perMigration = Migrator.lint(
                Migrator.configure().locations(dir.locations()).transactionMode(TransactionMode.PER_MIGRATION));
        assertThat(perMigration.findings()).isEmpty();
    }

    @Test
    void validatingInTheTransactionThatAddedNotValidKeepsTheLock() {
        LintFinding f = only(
                lint("ALTER TABLE orders ADD CONSTRAINT positive CHECK (total > 0) NOT VALID;\n"
                        + "ALTER TABLE orders VALIDATE CONSTRAINT positive;"),
                "add-check");
        assertThat(f.line()).isEqualTo(2);
        assertThat(f.message()).contains("same transaction");
    }

    @Test
    void checkWithoutNotValid() {
        LintFinding f = only(lint("ALTER TABLE orders ADD CONSTRAINT positive CHECK (total > 0);"), "add-check");
        assertThat(f.lock()).isEqualTo("ACCESS EXCLUSIVE");
        assertThat(f.fix())
                .contains("ADD CONSTRAINT positive CHECK (total > 0) NOT VALID;")
                .contains("VALIDATE CONSTRAINT positive;");

        assertThat(lint("ALTER TABLE orders ADD CONSTRAINT positive CHECK (total > 0) NOT VALID;")
                        .findings())
                .isEmpty();
    }

    @Test
    void uniqueWithoutUsingIndex() {
        LintFinding f = only(lint("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);"), "add-unique");
        assertThat(f.lock()).isEqualTo("ACCESS EXCLUSIVE");
        assertThat(f.fix())
                .contains("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_unique ON users (email);")
                .contains("UNIQUE USING INDEX users_unique;");

        assertThat(lint("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;")
                        .findings())
                .isEmpty();
    }

    @Test
    void primaryKeyWithoutUsingIndex() {
        LintFinding f = only(lint("ALTER TABLE events ADD PRIMARY KEY (id);"), "add-primary-key");
        assertThat(f.lock()).isEqualTo("ACCESS EXCLUSIVE");
        assertThat(f.fix()).contains("PRIMARY KEY USING INDEX events_pkey;");

        assertThat(lint("ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_id_idx;")
                        .findings())
                .isEmpty();
    }

    @Test
    void typeChangeThatRewritesAndOnesThatDoNot() {
        LintFinding f = only(lint("ALTER TABLE users ALTER COLUMN id TYPE bigint;"), "alter-column-type");
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.lock()).isEqualTo("ACCESS EXCLUSIVE");
        assertThat(f.fix()).contains("ADD COLUMN id_new bigint;");

        assertThat(lint(
                                "CREATE TABLE notes (id int, title varchar(50), price numeric(10, 2));",
                                "ALTER TABLE notes ALTER COLUMN title TYPE varchar(200);",
                                "ALTER TABLE notes ALTER COLUMN title TYPE text;",
                                "ALTER TABLE notes ALTER COLUMN price TYPE numeric(12, 2);")
                        .findings())
                .isEmpty();
        assertThat(rules(lint(
                        "CREATE TABLE notes (id int, title varchar(50));",
                        "ALTER TABLE notes ALTER COLUMN title TYPE" + " varchar(20);")))
                .isEmpty(); // notes is new in this upgrade: empty, nothing to rewrite
        // Of an existing table whose column type is unknown, widening to text may or may not rewrite: a warning.
        assertThat(lint("ALTER TABLE users ALTER COLUMN bio TYPE text;").findings())
                .extracting(LintFinding::severity)
                .containsExactly(Severity.WARNING);
    }

    @Test
    void renamesAndDropsBreakThePreviousBuild() {
        assertThat(only(lint("ALTER TABLE users RENAME TO accounts;"), "rename-table")
                        .fix())
                .contains("CREATE VIEW users AS SELECT * FROM accounts;");
        assertThat(only(lint("ALTER TABLE users RENAME COLUMN mail TO email;"), "rename-column")
                        .fix())
                .contains("ADD COLUMN email");
        assertThat(only(lint("ALTER TABLE users DROP COLUMN legacy;"), "drop-column")
                        .fix())
                .contains("release N+1");
        assertThat(only(lint("DROP TABLE legacy_audit;"), "drop-table").lock()).isEqualTo("ACCESS EXCLUSIVE");

        assertThat(lint(
                                "CREATE TABLE drafts (id int, body text);",
                                "ALTER TABLE drafts RENAME COLUMN body TO content;\n"
                                        + "ALTER TABLE drafts DROP COLUMN content;\n"
                                        + "ALTER TABLE drafts RENAME TO notes;\nDROP TABLE notes;")
                        .findings())
                .isEmpty();
    }

    @Test
    void vacuumFullClusterAndLockTable() {
        assertThat(only(lint("VACUUM FULL users;"), "vacuum-full").lock()).isEqualTo("ACCESS EXCLUSIVE");
        assertThat(only(lint("VACUUM (FULL, ANALYZE) users;"), "vacuum-full").fix())
                .contains("pg_repack");
        assertThat(only(lint("CLUSTER users USING users_pkey;"), "cluster").blocks())
                .isEqualTo("reads, writes, DDL");
        LintFinding lock = only(lint("LOCK TABLE users IN SHARE MODE;"), "lock-table");
        assertThat(lock.lock()).isEqualTo("SHARE");
        assertThat(lock.blocks()).isEqualTo("writes, DDL");
        assertThat(only(lint("LOCK users;"), "lock-table").lock()).isEqualTo("ACCESS EXCLUSIVE");

        assertThat(lint("VACUUM ANALYZE users;", "LOCK TABLE users IN ACCESS SHARE MODE;")
                        .findings())
                .isEmpty();
    }

    @Test
    void enumValueUsedInTheTransactionThatAddsIt() {
        // Flyway's parser runs ADD VALUE outside a transaction by itself; declared transactional, it is in one.
        dir.clear();
        dir.migration(
                        "V1__mood.sql",
                        "ALTER TYPE mood ADD VALUE 'ecstatic';\nUPDATE people SET mood = 'ecstatic' WHERE id = 1;")
                .migration("V1__mood.sql.conf", "executeInTransaction=true\n");
        LintFinding f =
                only(Migrator.lint(Migrator.configure().locations(dir.locations())), "add-enum-value-in-transaction");
        assertThat(f.line()).isEqualTo(2);
        assertThat(f.message()).contains("unsafe use of new value");

        assertThat(lint("ALTER TYPE mood ADD VALUE 'ecstatic';\nUPDATE people SET mood = 'ecstatic' WHERE id = 1;")
                        .findings())
                .isEmpty();
    }

    @Test
    void wholeTableDataChangeInTheTransactionOfDdl() {
        LintFinding f = only(
                lint("ALTER TABLE users ADD COLUMN score int;\nUPDATE users SET score = 0;"),
                "unbounded-data-change-with-ddl");
        assertThat(f.line()).isEqualTo(2);
        assertThat(f.fix()).contains("WHERE <key> BETWEEN <a> AND <b>");
        // A backfill of the column just added, bounded only by IS NULL, is whole-table too; and it spans migrations
        // of the same transaction.
        assertThat(rules(lint(
                        "ALTER TABLE users ADD COLUMN score int;",
                        "UPDATE users SET score = 0 WHERE score IS" + " NULL;")))
                .containsExactly("unbounded-data-change-with-ddl");

        assertThat(lint("UPDATE users SET score = 0;").findings()).isEmpty();
        assertThat(lint("ALTER TABLE users ADD COLUMN score int;\nUPDATE users SET score = 0 WHERE id < 1000;")
                        .findings())
                .isEmpty();
    }

    @Test
    void concurrentlyInAMigrationDeclaredTransactional() {
        dir.clear();
        dir.migration("V1__index.sql", "CREATE INDEX CONCURRENTLY users_email ON users (email);");
        dir.migration("V1__index.sql.conf", "executeInTransaction=true\n");
        LintReport report = Migrator.lint(Migrator.configure().locations(dir.locations()));
        LintFinding f = only(report, "concurrently-in-transaction");
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.fix()).contains("executeInTransaction=true");
    }

    @Test
    void concurrentlyAfterAnExplicitBegin() {
        // Flyway runs the migration outside a transaction (CONCURRENTLY), so its BEGIN opens one.
        LintFinding f = only(
                lint("BEGIN;\nCREATE INDEX CONCURRENTLY users_email ON users (email);\nCOMMIT;"),
                "concurrently-in-transaction");
        assertThat(f.line()).isEqualTo(2);
        assertThat(f.message()).contains("BEGIN");
    }

    @Test
    void aTableCreatedEarlierInTheUpgradeIsEmptyAndGivesNoFinding() {
        LintReport report = lint(
                "CREATE TABLE documents (id bigint, title text);",
                "CREATE INDEX documents_title ON documents (title);\n"
                        + "ALTER TABLE documents ADD COLUMN created timestamptz NOT NULL DEFAULT clock_timestamp();\n"
                        + "ALTER TABLE documents ADD PRIMARY KEY (id);\n"
                        + "ALTER TABLE documents ALTER COLUMN title SET NOT NULL;\n"
                        + "ALTER TABLE documents ADD CONSTRAINT t CHECK (length(title) > 0);\n"
                        + "UPDATE documents SET title = 'x';");
        assertThat(report.findings()).isEmpty();
        assertThat(report.exitCode()).isZero();
    }

    @Test
    void eachMigrationAloneSeesTheTablesOfTheOnesBefore() {
        dir.clear();
        dir.migration("V1__create.sql", "CREATE TABLE documents (id bigint, title text);");
        dir.migration("V2__index.sql", "CREATE INDEX documents_title ON documents (title);");
        MigratorConfig.Builder config = Migrator.configure().locations(dir.locations());

        assertThat(Migrator.lint(config).findings()).isEmpty();
        assertThat(Migrator.lintEachMigration(config).findings())
                .extracting(LintFinding::migration, LintFinding::rule)
                .containsExactly(org.assertj.core.api.Assertions.tuple("V2 (V2__index.sql)", "index-not-concurrent"));
    }

    @Test
    void anAllowCommentOnOrAboveTheStatementAllowsItWithTheReason() {
        LintReport report = lint("-- the table holds 40 rows\n"
                + "-- migrator:allow index-not-concurrent lookup table, 40 rows\n"
                + "CREATE INDEX a ON countries (code);\n"
                + "CREATE INDEX b ON countries (name); -- migrator:allow index-not-concurrent tiny\n"
                + "-- migrator:allow drop-column wrong rule\n"
                + "CREATE INDEX c ON countries (region);");
        assertThat(report.findings())
                .extracting(LintFinding::line, LintFinding::allowed)
                .containsExactly(
                        org.assertj.core.api.Assertions.tuple(3, "lookup table, 40 rows"),
                        org.assertj.core.api.Assertions.tuple(4, "tiny"),
                        org.assertj.core.api.Assertions.tuple(6, null));
        assertThat(report.blocking()).extracting(LintFinding::line).containsExactly(6);
        assertThat(report.exitCode()).isEqualTo(6);
    }

    @Test
    void linesCountFromTheFileThroughCommentsAndMultiLineStatements() {
        LintReport report = lint("-- header\n\nCREATE TABLE t (id int);\n/* block\n comment */\nALTER TABLE users\n"
                + "  ADD COLUMN a int,\n  ADD COLUMN b int NOT NULL;\n");
        LintFinding f = only(report, "add-not-null-column");
        assertThat(f.line()).isEqualTo(8);
        assertThat(f.file()).endsWith("V1__step.sql");
    }
}
