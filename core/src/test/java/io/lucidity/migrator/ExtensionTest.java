package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The extension step on a real server with pgvector: created when missing, checked against a minimum
 * version, updated when older, and the diagnostics when it is not installed, too old or not permitted.
 */
class ExtensionTest {
    private TestDb db;
    private MigrationFiles dir;

    @BeforeEach
    void setUp() {
        db = new TestDb();
        dir = new MigrationFiles()
                .migration("V1__items.sql", "CREATE TABLE items (id int PRIMARY KEY, embedding vector(3));");
    }

    @AfterEach
    void tearDown() {
        dir.close();
        db.close();
    }

    @Test
    @Tag("vector")
    void vectorIsCreatedWhenMissingThenFoundPresent() throws SQLException {
        assertThat(db.value("SELECT extversion FROM pg_extension WHERE extname = 'vector'"))
                .isNull();

        UpgradeReport first;
        try (Migrator migrator = db.configure(dir).load()) {
            first = migrator.upgradeToHead();
        }
        String installed = db.value("SELECT extversion FROM pg_extension WHERE extname = 'vector'");
        assertThat(installed).isNotNull();
        assertThat(first.extensions())
                .extracting(ExtensionResult::name, ExtensionResult::action, ExtensionResult::version)
                .containsExactly(tuple("vector", ExtensionResult.Action.CREATED, installed));
        assertThat(db.value("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                        + "WHERE attrelid = 'items'::regclass AND attname = 'embedding'"))
                .isEqualTo("vector(3)");

        dir.migration("V2__more.sql", "ALTER TABLE items ADD COLUMN name text;");
        try (Migrator migrator = db.configure(dir).load()) {
            UpgradeReport second = migrator.upgradeToHead();
            assertThat(second.extensions())
                    .extracting(ExtensionResult::name, ExtensionResult::action, ExtensionResult::version)
                    .containsExactly(tuple("vector", ExtensionResult.Action.PRESENT, installed));
        }
    }

    @Test
    @Tag("vector")
    void aSatisfiedMinimumVersionPasses() throws SQLException {
        try (Migrator migrator = db.configure(dir).extensions("vector>=0.5.0").load()) {
            UpgradeReport report = migrator.upgradeToHead();
            assertThat(report.extensions()).singleElement().satisfies(e -> {
                assertThat(e.action()).isEqualTo(ExtensionResult.Action.CREATED);
                assertThat(ExtensionRequirement.compareVersions(e.version(), "0.5.0"))
                        .isNotNegative();
            });
            assertThat(migrator.upgradeToHead().upToDate())
                    .as("the minimum is also met on the fast path")
                    .isTrue();
        }
        assertThat(db.exists("items")).isTrue();
    }

    @Test
    @Tag("vector")
    void anInstalledExtensionOlderThanRequiredNamesBothVersionsAndTheUpdate() throws SQLException {
        try (Migrator migrator = db.configure(dir).load()) {
            migrator.upgradeToHead();
        }
        String installed = db.value("SELECT extversion FROM pg_extension WHERE extname = 'vector'");
        dir.migration("V2__more.sql", "ALTER TABLE items ADD COLUMN name text;");

        MigratorException e;
        try (Migrator migrator = db.configure(dir).extensions("vector>=99.0").load()) {
            e = catchThrowableOfType(MigratorException.class, migrator::upgradeToHead);
        }

        assertThat(e.code()).isEqualTo(DiagnosticCode.EXTENSION_TOO_OLD);
        assertThat(e.getMessage()).startsWith("MIGRATOR-EXTENSION-VERSION").contains(installed, "99.0");
        assertThat(e.facts())
                .containsEntry("extension", "vector")
                .containsEntry("installed", installed)
                .containsEntry("required", ">= 99.0")
                .containsEntry("server provides", installed);
        assertThat(e.remedy()).contains("99.0 or later", "ALTER EXTENSION \"vector\" UPDATE;");
        assertThat(db.value("SELECT count(*) FROM flyway_schema_history WHERE version = '2'"))
                .as("V2 did not run")
                .isEqualTo("0");
    }

    @Test
    @Tag("vector")
    void aServerThatOnlyProvidesAnOlderVersionIsRefusedBeforeCreatingIt() throws SQLException {
        MigratorException e;
        try (Migrator migrator = db.configure(dir).extensions("vector>=99.0").load()) {
            e = catchThrowableOfType(MigratorException.class, migrator::upgradeToHead);
        }

        assertThat(e.code()).isEqualTo(DiagnosticCode.EXTENSION_TOO_OLD);
        assertThat(e.facts())
                .containsEntry("installed", "not created in this database")
                .containsEntry("required", ">= 99.0");
        assertThat(e.facts().get("server provides")).isNotBlank();
        assertThat(e.remedy()).contains("99.0 or later");
        assertThat(db.value("SELECT count(*) FROM pg_extension WHERE extname = 'vector'"))
                .isEqualTo("0");
        assertThat(db.exists("items")).isFalse();
    }

    @Test
    @Tag("vector")
    void anOlderInstalledVersionIsUpdatedToTheMinimum() throws SQLException {
        installVectorAsIfAt074();

        try (Migrator migrator = db.configure(dir).extensions("vector>=0.8.0").load()) {
            UpgradeReport report = migrator.upgradeToHead();
            assertThat(report.extensions())
                    .extracting(ExtensionResult::name, ExtensionResult::action, ExtensionResult::version)
                    .containsExactly(tuple("vector", ExtensionResult.Action.UPDATED, "0.8.0"));
        }
        assertThat(db.value("SELECT extversion FROM pg_extension WHERE extname = 'vector'"))
                .isEqualTo("0.8.0");
        assertThat(db.value("SELECT count(*) FROM pg_proc WHERE proname = 'array_to_sparsevec'"))
                .as("the update script ran")
                .isEqualTo("4");
    }

    @Test
    @Tag("vector")
    void anUnknownExtensionIsRefusedAsNotInstalledOnTheServer() throws SQLException {
        MigratorException e;
        try (Migrator migrator =
                db.configure(dir).extensions("vector", "no_such_extension").load()) {
            e = catchThrowableOfType(MigratorException.class, migrator::upgradeToHead);
        }

        assertThat(e.code()).isEqualTo(DiagnosticCode.EXTENSION_MISSING);
        assertThat(e.getMessage()).startsWith("MIGRATOR-EXTENSION-MISSING").contains("no_such_extension");
        assertThat(e.facts())
                .containsEntry("extension", "no_such_extension")
                .containsEntry("database", db.name())
                .containsEntry("looked in", "pg_available_extensions");
        assertThat(e.facts().get("server"))
                .startsWith(String.valueOf(TestServer.shared().majorVersion()));
        assertThat(e.remedy())
                .contains("Install the package that provides the extension no_such_extension on the database server");
        assertThat(db.exists("items")).isFalse();
    }

    @Test
    @Tag("vector")
    void aRoleThatMayNotCreateTheExtensionGetsTheSqlASuperuserMustRun() throws SQLException {
        String role = "ext_owner_" + UUID.randomUUID().toString().substring(0, 8);
        String password = "Ext-owner-pw-" + UUID.randomUUID().toString().substring(0, 8);
        db.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
        try {
            db.execute("ALTER DATABASE " + db.name() + " OWNER TO " + role + "; GRANT CREATE ON DATABASE " + db.name()
                    + " TO " + role + "; ALTER SCHEMA public OWNER TO " + role);
            MigratorConfig.Builder asOwner = Migrator.configure()
                    .url(db.url())
                    .user(role)
                    .password(password)
                    .locations(dir.locations())
                    .seedLocations(dir.seeds());

            MigratorException e;
            try (Migrator migrator = asOwner.load()) {
                e = catchThrowableOfType(MigratorException.class, migrator::upgradeToHead);
            }

            assertThat(e.code()).isEqualTo(DiagnosticCode.EXTENSION_NOT_PERMITTED);
            assertThat(e.getMessage())
                    .startsWith("MIGRATOR-EXTENSION-PERMISSION")
                    .contains(role, "vector")
                    .doesNotContain(password);
            assertThat(e.facts())
                    .containsEntry("extension", "vector")
                    .containsEntry("role", role)
                    .containsEntry("database", db.name());
            assertThat(e.facts().get("error")).contains("permission denied");
            assertThat(e.remedy())
                    .contains(
                            "A superuser runs once, in database " + db.name(),
                            "CREATE EXTENSION IF NOT EXISTS \"vector\";");
            assertThat(db.exists("items")).isFalse();

            // The remedy works: a superuser runs the SQL, then the owner's upgrade goes through.
            String sql = e.remedy()
                    .substring(
                            e.remedy().indexOf("CREATE EXTENSION"), e.remedy().indexOf(';') + 1);
            db.execute(sql);
            try (Migrator migrator = asOwner.load()) {
                UpgradeReport report = migrator.upgradeToHead();
                assertThat(report.extensions())
                        .extracting(ExtensionResult::action)
                        .containsExactly(ExtensionResult.Action.PRESENT);
            }
            assertThat(db.value("SELECT tableowner FROM pg_tables WHERE tablename = 'items'"))
                    .isEqualTo(role);
        } finally {
            dropRole(role);
        }
    }

    @Test
    @Tag("vector")
    void aRoleThatMayNotUpdateTheExtensionGetsTheAlterExtensionASuperuserMustRun() throws SQLException {
        installVectorAsIfAt074();
        String role = "ext_user_" + UUID.randomUUID().toString().substring(0, 8);
        String password = "Ext-user-pw-" + UUID.randomUUID().toString().substring(0, 8);
        db.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
        try {
            db.execute("ALTER DATABASE " + db.name() + " OWNER TO " + role + "; ALTER SCHEMA public OWNER TO " + role);

            MigratorException e;
            try (Migrator migrator = Migrator.configure()
                    .url(db.url())
                    .user(role)
                    .password(password)
                    .locations(dir.locations())
                    .seedLocations(dir.seeds())
                    .extensions("vector>=0.8.0")
                    .load()) {
                e = catchThrowableOfType(MigratorException.class, migrator::upgradeToHead);
            }

            assertThat(e.code()).isEqualTo(DiagnosticCode.EXTENSION_TOO_OLD);
            assertThat(e.facts()).containsEntry("installed", "0.7.4").containsEntry("server provides", "0.8.0");
            assertThat(e.facts().get("update")).startsWith("denied to this role");
            assertThat(e.remedy()).isEqualTo("A superuser runs once: ALTER EXTENSION \"vector\" UPDATE;");
            assertThat(e.getCause()).isInstanceOf(SQLException.class);
            assertThat(db.value("SELECT extversion FROM pg_extension WHERE extname = 'vector'"))
                    .isEqualTo("0.7.4");
        } finally {
            dropRole(role);
        }
    }

    @Test
    void noExtensionsSkipsTheStep() throws SQLException {
        dir.migration("V1__items.sql", "CREATE TABLE items (id int PRIMARY KEY);");
        try (Migrator migrator = db.configure(dir).extensions().load()) {
            UpgradeReport report = migrator.upgradeToHead();
            assertThat(report.extensions()).isEmpty();
            assertThat(report.migrations()).hasSize(1);
            assertThat(migrator.upgradeToHead().upToDate()).isTrue();
        }
        assertThat(db.value("SELECT count(*) FROM pg_extension WHERE extname = 'vector'"))
                .isEqualTo("0");
    }

    /** Drops the test's database (which the role owns) and then the role, from another database. */
    private void dropRole(String role) throws SQLException {
        db.close();
        try (TestDb other = new TestDb()) {
            other.execute("DROP ROLE IF EXISTS " + role);
        }
    }

    /**
     * Creates vector 0.8.0 and takes it back to what 0.7.4 had (the objects the 0.7.4 → 0.8.0 script adds
     * removed, the catalog's version set back), since the server ships only the 0.8.0 install script.
     */
    private void installVectorAsIfAt074() throws SQLException {
        assertThat(db.column("SELECT version FROM pg_available_extension_versions WHERE name = 'vector'"))
                .as("this test knows pgvector 0.8.0's update script")
                .contains("0.8.0");
        StringBuilder sql = new StringBuilder("CREATE EXTENSION vector VERSION '0.8.0';\n");
        for (String type : new String[] {"integer[]", "real[]", "double precision[]", "numeric[]"}) {
            sql.append("ALTER EXTENSION vector DROP CAST (")
                    .append(type)
                    .append(" AS sparsevec);\n")
                    .append("DROP CAST (")
                    .append(type)
                    .append(" AS sparsevec);\n")
                    .append("ALTER EXTENSION vector DROP FUNCTION array_to_sparsevec(")
                    .append(type)
                    .append(", integer, boolean);\n")
                    .append("DROP FUNCTION array_to_sparsevec(")
                    .append(type)
                    .append(", integer, boolean);\n");
        }
        sql.append("UPDATE pg_extension SET extversion = '0.7.4' WHERE extname = 'vector';");
        db.execute(sql.toString());
    }
}
