package io.lucidity.migrator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.testing.MigratedDatabase.Scope;
import io.lucidity.migrator.testing.internal.FixtureOptions;
import io.lucidity.migrator.testing.internal.Fixtures;
import io.lucidity.migrator.testing.internal.Template;
import io.lucidity.migrator.testing.internal.Templates;
import io.lucidity.migrator.testing.internal.TestDatabase;
import io.lucidity.migrator.testing.support.Launch;
import io.lucidity.migrator.testing.support.Scenario;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Templates are keyed by content: built once, rebuilt when a file changes or a build was interrupted. */
class TemplateCacheTest {
    private final Fixtures fixtures = Fixtures.get();
    private final String postgres = fixtures.server().maintenanceDatabase();

    @Test
    void aChangedMigrationFileGivesTestsANewTemplate() {
        try (MigrationFiles files = new MigrationFiles()) {
            files.migration("V1__create_notes.sql", "CREATE TABLE notes (id BIGSERIAL PRIMARY KEY, body TEXT);");
            TempDir.LOCATION = files.locations();

            assertThat(run(FromTempDir.class).getTestsSucceededCount()).isEqualTo(1);
            files.migration(
                    "V1__create_notes.sql",
                    "CREATE TABLE notes (id BIGSERIAL PRIMARY KEY, body TEXT, pinned BOOLEAN NOT NULL DEFAULT false);");
            assertThat(run(FromTempDir.class).getTestsSucceededCount()).isEqualTo(1);

            assertThat(TempDir.COLUMNS).containsExactly(List.of("id", "body"), List.of("id", "body", "pinned"));
        }
    }

    @Test
    void theSameContentReusesTheTemplateWhateverTheDirectory() {
        try (MigrationFiles one = new MigrationFiles();
                MigrationFiles two = new MigrationFiles()) {
            String sql = "CREATE TABLE same_content (id INT PRIMARY KEY);";
            one.migration("V1__same.sql", sql);
            two.migration("V1__same.sql", sql);

            Template first = fixtures.template(options(one.locations()));
            Template second = fixtures.template(options(two.locations()));

            assertThat(second.name()).isEqualTo(first.name());
            assertThat(second.buildTime()).isEqualTo(first.buildTime());
        }
    }

    @Test
    void threadsAskingForTheSameNewTemplateAtOnceBuildItOnce() throws Exception {
        try (MigrationFiles files = new MigrationFiles()) {
            files.migration("V1__concurrent.sql", "CREATE TABLE built_once (id INT PRIMARY KEY);");
            FixtureOptions options = options(files.locations());
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                List<Future<Template>> futures = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    futures.add(threads.submit(() -> fixtures.template(options)));
                }
                List<Template> templates = new ArrayList<>();
                for (Future<Template> f : futures) {
                    templates.add(f.get());
                }
                assertThat(templates)
                        .extracting(Template::name)
                        .containsOnly(templates.get(0).name());
                assertThat(templates).allSatisfy(t -> assertThat(t).isSameAs(templates.get(0)));
            } finally {
                threads.shutdown();
            }
        }
    }

    @Test
    void aHalfBuiltTemplateIsDroppedAndBuiltAgain() throws SQLException {
        try (MigrationFiles files = new MigrationFiles()) {
            files.migration("V1__create_items.sql", "CREATE TABLE items (id INT PRIMARY KEY, name TEXT NOT NULL);");
            FixtureOptions options = options(files.locations());
            String key = fixtures.templates().key(options);
            String name = Templates.nameOf(key);
            // A JVM that died while building: the database exists, half migrated, still accepting connections,
            // without the completion marker.
            execute(postgres, "CREATE DATABASE " + name);
            execute(name, "CREATE TABLE items (id INT PRIMARY KEY)");
            execute(postgres, "COMMENT ON DATABASE " + name + " IS 'migrator-fixtures building " + key + "'");

            Template template = fixtures.template(options);

            assertThat(template.name()).isEqualTo(name);
            assertThat(template.buildTime()).isPositive();
            assertThat(query("SELECT datallowconn::text || ' ' || datistemplate::text || ' ' "
                            + "|| shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '" + name
                            + "'"))
                    .isEqualTo("false true " + Templates.COMPLETE_MARKER + key);
            TestDatabase db = fixtures.acquire(template, options);
            try {
                assertThat(db.schema().objects()).containsKey("column public.items.name");
            } finally {
                fixtures.release(db, false, "half-built test");
            }
        }
    }

    @Test
    void aCompleteTemplateLeftByAnotherJvmIsUsedAsItIs() throws SQLException {
        try (MigrationFiles files = new MigrationFiles()) {
            files.migration("V1__create_things.sql", "CREATE TABLE things (id INT PRIMARY KEY);");
            FixtureOptions options = options(files.locations());
            String key = fixtures.templates().key(options);
            String name = Templates.nameOf(key);
            execute(postgres, "CREATE DATABASE " + name);
            execute(name, "CREATE TABLE built_elsewhere (id INT)");
            execute(postgres, "ALTER DATABASE " + name + " WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
            execute(postgres, "COMMENT ON DATABASE " + name + " IS '" + Templates.COMPLETE_MARKER + key + "'");

            Template template = fixtures.template(options);

            assertThat(template.buildTime()).isZero();
            TestDatabase db = fixtures.acquire(template, options);
            try {
                assertThat(db.schema().objects()).containsKey("table public.built_elsewhere");
            } finally {
                fixtures.release(db, false, "complete test");
            }
        }
    }

    private static FixtureOptions options(String location) {
        return new FixtureOptions(
                List.of(location),
                List.of(),
                List.of(),
                "public",
                "head",
                Map.of(),
                Scope.PER_METHOD,
                false,
                20,
                true,
                null);
    }

    private TestExecutionSummary run(Class<?> scenario) {
        TestExecutionSummary summary = Launch.run(scenario);
        summary.getFailures().forEach(f -> f.getException().printStackTrace());
        return summary;
    }

    private void execute(String database, String sql) throws SQLException {
        try (Connection c = fixtures.server().dataSource(database).getConnection()) {
            c.createStatement().execute(sql);
        }
    }

    private String query(String sql) throws SQLException {
        try (Connection c = fixtures.server().dataSource(postgres).getConnection();
                var rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Set before {@link FromTempDir} is first loaded. */
    static final class TempDir {
        static volatile String LOCATION;
        static final List<List<String>> COLUMNS = new CopyOnWriteArrayList<>();
    }

    @Scenario
    static class FromTempDir {
        @RegisterExtension
        static final MigratedDatabaseExtension DATABASE = MigratedDatabaseExtension.builder()
                .locations(TempDir.LOCATION)
                .seeds()
                .extensions()
                .build();

        @Test
        void recordsTheColumns(MigratedDb db) {
            List<String> columns = new ArrayList<>();
            db.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'notes' "
                            + "ORDER BY ordinal_position")
                    .forEach(row -> columns.add((String) row.get("column_name")));
            TempDir.COLUMNS.add(columns);
        }
    }
}
