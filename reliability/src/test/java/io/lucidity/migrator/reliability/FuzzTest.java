package io.lucidity.migrator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.reliability.support.Db;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzzing (jqwik) of the migration-name parser and the seed loader, through the public API against a
 * real database: whatever the file names and contents, Migrator either works or throws one of its own diagnostics
 * ({@link MigratorException} with a code, a summary and the code at the start of its message) — never anything else.
 * Tries per property: {@code -Dreliability.tries} (CI 80).
 */
class FuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Db db;

    @BeforeContainer
    static void createDatabase() {
        db = new Db();
        // The vector column only where the server has pgvector (TestServer.vector()); seeds naming it elsewhere
        // meet an unknown column, which is one more diagnostic.
        boolean vector = TestServer.vector();
        db.execute((vector ? "CREATE EXTENSION IF NOT EXISTS vector; " : "")
                + "CREATE TABLE items (id int PRIMARY KEY, name text, "
                + "qty int, price numeric(8,2), tags text[], " + (vector ? "embedding vector(3), " : "")
                + "doc jsonb, at timestamptz, flag boolean)");
    }

    @AfterContainer
    static void dropDatabase() {
        db.close();
    }

    // --- migration names ---

    @Provide
    Arbitrary<String> migrationNames() {
        Arbitrary<String> prefix = Arbitraries.of("V", "U", "R", "v", "B", "", "VV", "V-", "Ü");
        Arbitrary<String> version = Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789._").ofMinLength(0).ofMaxLength(12),
                Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(25),
                Arbitraries.strings().ofMinLength(0).ofMaxLength(6).excludeChars('/', '\0'));
        Arbitrary<String> separator = Arbitraries.of("__", "_", "___", "", " ", "__ ", "-");
        Arbitrary<String> description = Arbitraries.strings()
                .ofMinLength(0)
                .ofMaxLength(30)
                .excludeChars('/', '\0')
                .filter(s -> s.getBytes(StandardCharsets.UTF_8).length < 120);
        Arbitrary<String> suffix = Arbitraries.of(".sql", ".SQL", ".sql.conf", ".txt", "", ".sql ", ".sq");
        return Combinators.combine(prefix, version, separator, description, suffix)
                .as((p, v, s, d, x) -> p + v + s + d + x)
                .filter(n -> !n.isEmpty()
                        && !n.equals(".")
                        && !n.equals("..")
                        && !n.startsWith(".")
                        && n.getBytes(StandardCharsets.UTF_8).length < 200);
    }

    @Provide
    Arbitrary<byte[]> contents() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                                "CREATE TABLE fuzz_t (id int);",
                                "SELECT 1;",
                                "",
                                "-- nothing",
                                "CREATE INDEX CONCURRENTLY ON items (qty);",
                                "executeInTransaction=false\n",
                                "SELECT '${missing}';",
                                "DO $$ BEGIN END $$;")
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.strings().ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200));
    }

    @Property
    void anyMigrationFileNameAndContentGivesAPlanOrADiagnostic(
            @ForAll("migrationNames") String first,
            @ForAll("contents") byte[] firstContent,
            @ForAll("migrationNames") String second,
            @ForAll("contents") byte[] secondContent) {
        boolean existed = db.exists("fuzz_t"); // seed properties may have created it
        try (MigrationFiles scripts = new MigrationFiles()) {
            scripts.migration(first, firstContent);
            scripts.migration(second, secondContent);
            assertOnlyDiagnostics(() -> {
                try (Migrator migrator = Migrator.configure()
                        .dataSource(db.server().dataSource(db.name()))
                        .locations(scripts.locations())
                        .seedLocations()
                        .extensions()
                        .lockTimeout(java.time.Duration.ofSeconds(5))
                        .load()) {
                    migrator.plan();
                    migrator.validate();
                }
            });
        }
        assertThat(db.exists("fuzz_t")).as("plan and validate apply nothing").isEqualTo(existed);
        assertThat(db.appliedVersions()).as("plan and validate record nothing").isEmpty();
    }

    // --- seeds ---

    @Provide
    Arbitrary<Object> jsonValues() {
        return Arbitraries.oneOf(
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(i -> (Object) i),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.strings().ofMaxLength(20).map(s -> (Object) s),
                Arbitraries.of(
                                "${env:FUZZ_SET}",
                                "${env:FUZZ_UNSET}",
                                "${env:FUZZ_UNSET:-fallback}",
                                "${env:}",
                                "${env:FUZZ_SET",
                                "2026-11-26T01:00:00Z",
                                "[1,2,3]",
                                "{}",
                                "'); DROP TABLE items; --")
                        .map(s -> (Object) s),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just((Object) null),
                Arbitraries.doubles().list().ofMaxSize(4).map(l -> (Object) l),
                Arbitraries.strings().ofMaxLength(5).list().ofMaxSize(3).map(l -> (Object) l),
                Arbitraries.just((Object) Map.of("nested", List.of(1, "two"))));
    }

    @Provide
    Arbitrary<String> columns() {
        return Arbitraries.oneOf(
                Arbitraries.of("id", "name", "qty", "price", "tags", "embedding", "doc", "at", "flag"),
                Arbitraries.of("no_such", "ID", "\"id\"", "id; DROP TABLE items", ""),
                Arbitraries.strings().ofMaxLength(10));
    }

    @Provide
    Arbitrary<Map<String, Object>> seedDocuments() {
        Arbitrary<String> table = Arbitraries.oneOf(
                Arbitraries.just("items"),
                Arbitraries.of("no_such", "items\"; DROP TABLE items; --", "public.items", ""),
                Arbitraries.strings().ofMaxLength(10));
        Arbitrary<Map<String, Object>> row =
                Arbitraries.maps(columns(), jsonValues()).ofMaxSize(6);
        Arbitrary<Object> key = Arbitraries.oneOf(
                columns().list().ofMaxSize(3).map(l -> (Object) l),
                columns().map(c -> (Object) c),
                Arbitraries.just((Object) null));
        Arbitrary<Object> mode = Arbitraries.oneOf(
                Arbitraries.of("insert-missing", "upsert").map(m -> (Object) m),
                Arbitraries.strings().ofMaxLength(8).map(m -> (Object) m),
                Arbitraries.just((Object) null));
        Arbitrary<Object> rows = Arbitraries.oneOf(
                row.list().ofMaxSize(4).map(l -> (Object) l), row.map(r -> (Object) r), Arbitraries.just((Object)
                        "rows"));
        return Combinators.combine(table, key, mode, rows, Arbitraries.of(true, false))
                .as((t, k, m, r, withSchema) -> {
                    Map<String, Object> doc = new LinkedHashMap<>();
                    if (t != null) {
                        doc.put("table", t);
                    }
                    if (withSchema) {
                        doc.put("schema", "public");
                    }
                    doc.put("key", k);
                    if (m != null) {
                        doc.put("mode", m);
                    }
                    doc.put("rows", r);
                    return doc;
                });
    }

    @Property
    void anyDeclarativeSeedIsLoadedOrGivesADiagnostic(
            @ForAll("seedDocuments") Map<String, Object> document, @ForAll boolean asYaml, @ForAll boolean asArray)
            throws Exception {
        Object content = asArray ? List.of(document) : document;
        String text = asYaml
                ? new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().writeValueAsString(content)
                : JSON.writeValueAsString(content);
        runSeed(asYaml ? "01_fuzz.yaml" : "01_fuzz.json", text.getBytes(StandardCharsets.UTF_8));
    }

    @Property
    void anyBytesAsASeedFileAreLoadedOrGiveADiagnostic(
            @ForAll("seedNames") String name, @ForAll("contents") byte[] content) {
        runSeed(name, content);
    }

    @Provide
    Arbitrary<String> seedNames() {
        return Arbitraries.of(
                "01_x.json", "01_x.yaml", "01_x.yml", "01_x.sql", "01_x.JSON", "x", "01_x.txt", "01 x.json");
    }

    private static void runSeed(String name, byte[] content) {
        long itemsBefore = db.count("SELECT count(*) FROM items");
        try (MigrationFiles scripts = new MigrationFiles()) {
            scripts.seed(name, content);
            assertOnlyDiagnostics(() -> {
                try (Migrator migrator = Migrator.configure()
                        .dataSource(db.server().dataSource(db.name()))
                        .locations(scripts.locations())
                        .seedLocations(scripts.seeds())
                        .extensions()
                        .lockTimeout(java.time.Duration.ofSeconds(5))
                        .seedVariable("FUZZ_SET", "value")
                        .load()) {
                    migrator.seed();
                }
            });
        }
        assertThat(db.exists("items")).as("the table survives every seed").isTrue();
        assertThat(db.count("SELECT count(*) FROM items")).isGreaterThanOrEqualTo(itemsBefore);
    }

    /**
     * Runs {@code call} on a daemon thread, so that a hang fails the try (after 20 s) instead of the whole build; the
     * hung thread is then stopped ({@link Thread#stop()}, still working on Java 17), since a runaway parser would
     * otherwise fill the heap of the test JVM.
     */
    private static void assertOnlyDiagnostics(Runnable call) {
        java.util.concurrent.CompletableFuture<Void> run = new java.util.concurrent.CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        call.run();
                        run.complete(null);
                    } catch (Throwable t) {
                        run.completeExceptionally(t);
                    }
                },
                "fuzz-try");
        thread.setDaemon(true);
        thread.start();
        try {
            run.get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            StackTraceElement[] where = thread.getStackTrace();
            stop(thread);
            throw new AssertionError("Migrator did not return within 20 s (hangs at "
                    + java.util.Arrays.toString(java.util.Arrays.copyOf(where, Math.min(4, where.length))) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.util.concurrent.ExecutionException e) {
            check(e.getCause());
        }
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static void stop(Thread thread) {
        thread.stop();
    }

    private static void check(Throwable thrown) {
        try {
            throw thrown;
        } catch (MigratorException e) {
            assertThat(e.code()).isNotNull();
            assertThat(e.summary()).isNotBlank();
            assertThat(e.getMessage()).startsWith(e.code().code() + ": ");
        } catch (Throwable e) {
            List<String> chain = new ArrayList<>();
            for (Throwable t = e; t != null; t = t.getCause()) {
                chain.add(t.toString());
            }
            throw new AssertionError("not one of Migrator's diagnostics: " + chain, e);
        }
    }
}
