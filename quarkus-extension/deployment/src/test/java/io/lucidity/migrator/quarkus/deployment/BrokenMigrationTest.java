package io.lucidity.migrator.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.lucidity.migrator.DiagnosticCode;
import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A migration PostgreSQL rejects: the start-up fails with Migrator's diagnostic, and nothing is half done. */
class BrokenMigrationTest {
    static final TestDatabase DATABASE = new TestDatabase("broken-migration");

    @RegisterExtension
    static final QuarkusUnitTest APP = DATABASE.defaultDataSource(new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addAsResource(
                            new org.jboss.shrinkwrap.api.asset.StringAsset(
                                    "CREATE TABLE notes (id BIGINT PRIMARY KEY, body TEXT NOT NULL);\n"),
                            "broken/migration/V1__notes.sql")
                    .addAsResource(
                            new org.jboss.shrinkwrap.api.asset.StringAsset(
                                    "ALTER TABLE notes ADD COLUMN author TEXT;\nALTER TABLE notez ADD COLUMN title TEXT;\n"),
                            "broken/migration/V2__typo.sql"))
            .overrideConfigKey("quarkus.migrator.locations", "classpath:broken/migration")
            .overrideConfigKey("quarkus.migrator.seed-locations", "none")
            .assertException(BrokenMigrationTest::isTheDiagnostic));

    private static void isTheDiagnostic(Throwable thrown) {
        // The application's classes come from Quarkus' class loader: compare by name, read the code reflectively.
        Throwable diagnostic = thrown;
        while (diagnostic != null
                && !diagnostic.getClass().getName().equals("io.lucidity.migrator.MigrationFailedException")) {
            diagnostic = diagnostic.getCause();
        }
        assertThat(diagnostic).as("a MigrationFailedException in %s", thrown).isNotNull();
        System.out.println("Start-up refused with:\n" + diagnostic.getMessage());
        assertThat(code(diagnostic)).isEqualTo(DiagnosticCode.MIGRATION_FAILED.name());
        assertThat(diagnostic.getMessage())
                .startsWith("MIGRATOR-MIGRATION-FAILED")
                .contains("V2", "notez", "42P01", "Fix:");
        // All or nothing: V1 ran in the same transaction as V2, so neither is left behind.
        assertThat(DATABASE.query("SELECT to_regclass('public.notes')::text")).isNull();
        assertThat(DATABASE.query("SELECT count(*) FROM flyway_schema_history WHERE success"))
                .isEqualTo("0");
    }

    private static String code(Throwable diagnostic) {
        try {
            return ((Enum<?>) diagnostic.getClass().getMethod("code").invoke(diagnostic)).name();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("MigratorException.code() is not readable", e);
        }
    }

    @Test
    void startUpFailsWithTheDiagnostic() {
        fail("the application must not start");
    }
}
