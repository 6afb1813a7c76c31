package io.lucidity.migrator.internal.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reading this build's migration files, without a database: what makes a checksum, a transaction, an order. */
class MigrationResolverTest {
    private final MigrationFiles dir = new MigrationFiles();

    @AfterEach
    void cleanUp() {
        dir.close();
    }

    private MigrationCatalog resolve(UnaryOperator<MigratorConfig.Builder> settings) {
        MigratorConfig config = settings.apply(Migrator.configure()
                        .url("jdbc:postgresql://db.internal/app")
                        .locations(dir.locations()))
                .build();
        return MigrationResolver.resolve(config, new FlywayScripts(config));
    }

    private static ResolvedMigration repeatable(MigrationCatalog catalog, String description) {
        return catalog.repeatable().stream()
                .filter(m -> m.description().equals(description))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aRepeatableMigrationChangesItsChecksumWithAPlaceholderValueAndAVersionedOneDoesNot() {
        // As Flyway does: a repeatable migration re-runs when a placeholder it uses changes; an applied versioned one
        // is not reported as changed.
        dir.migration("V1__grants.sql", "GRANT SELECT ON t TO ${reader};")
                .migration("R__grants.sql", "GRANT SELECT ON t TO ${reader};");
        MigrationCatalog before = resolve(b -> b.placeholder("reader", "app_read"));
        MigrationCatalog after = resolve(b -> b.placeholder("reader", "report_read"));

        MigrationVersion v1 = MigrationVersion.fromVersion("1");
        assertThat(after.find(v1).checksum()).isEqualTo(before.find(v1).checksum());
        assertThat(repeatable(after, "grants").checksum())
                .isNotEqualTo(repeatable(before, "grants").checksum());

        // Without replacement the placeholder is text like any other: its value changes nothing.
        MigrationCatalog off = resolve(b -> b.placeholderReplacement(false).placeholder("reader", "app_read"));
        MigrationCatalog offChanged =
                resolve(b -> b.placeholderReplacement(false).placeholder("reader", "report_read"));
        assertThat(repeatable(offChanged, "grants").checksum())
                .isEqualTo(repeatable(off, "grants").checksum());
    }

    @Test
    void aHeaderOrAConcurrentlyStatementMakesTheMigrationRunOutsideATransaction() {
        dir.migration("V1__plain.sql", "SELECT 1;")
                .migration("V2__declared.sql", "-- migrator:executeInTransaction=false\nSELECT 1;")
                .migration(
                        "V3__flyway_header.sql", "-- a comment first\n-- flyway:executeInTransaction=false\nSELECT 1;")
                .migration("V4__concurrently.sql", "CREATE INDEX CONCURRENTLY t_id_idx ON t (id);")
                .migration("V5__declared_true.sql", "-- migrator:executeInTransaction=true\nSELECT 1;");
        MigrationCatalog catalog = resolve(b -> b);

        assertThat(catalog.find(MigrationVersion.fromVersion("1")).transactional())
                .isTrue();
        assertThat(catalog.find(MigrationVersion.fromVersion("2")).transactional())
                .isFalse();
        assertThat(catalog.find(MigrationVersion.fromVersion("3")).transactional())
                .isFalse();
        assertThat(catalog.find(MigrationVersion.fromVersion("4")).transactional())
                .as("recognised from its statement")
                .isFalse();
        assertThat(catalog.find(MigrationVersion.fromVersion("5")).transactional())
                .isTrue();
    }

    @Test
    void aUtf8ByteOrderMarkIsNotPartOfTheScript() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] sql = "CREATE TABLE t (id int);".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[bom.length + sql.length];
        System.arraycopy(bom, 0, withBom, 0, bom.length);
        System.arraycopy(sql, 0, withBom, bom.length, sql.length);
        dir.migration("V1__bom.sql", withBom).migration("V2__plain.sql", "CREATE TABLE t (id int);");
        MigrationCatalog catalog = resolve(b -> b);

        ResolvedMigration withMark = catalog.find(MigrationVersion.fromVersion("1"));
        assertThat(withMark.sql()).isEqualTo("CREATE TABLE t (id int);");
        assertThat(withMark.checksum())
                .isEqualTo(catalog.find(MigrationVersion.fromVersion("2")).checksum());
    }

    @Test
    void versionedMigrationsAreOrderedByVersionAndRepeatablesByDescription() {
        dir.migration("V10__c.sql", "SELECT 1;")
                .migration("V2__b.sql", "SELECT 1;")
                .migration("V1.5__a.sql", "SELECT 1;")
                .migration("R__zeta.sql", "SELECT 1;")
                .migration("R__alpha.sql", "SELECT 1;")
                .migration("R__mid.sql", "SELECT 1;");
        MigrationCatalog catalog = resolve(b -> b);

        assertThat(catalog.versioned())
                .extracting(ResolvedMigration::versionText)
                .containsExactly("1.5", "2", "10");
        assertThat(catalog.repeatable())
                .extracting(ResolvedMigration::description)
                .containsExactly("alpha", "mid", "zeta");
        assertThat(catalog.find(MigrationVersion.fromVersion("2")).script()).isEqualTo("V2__b.sql");
        assertThat(catalog.find(MigrationVersion.fromVersion("2")).displayPath())
                .endsWith("V2__b.sql");
    }
}
