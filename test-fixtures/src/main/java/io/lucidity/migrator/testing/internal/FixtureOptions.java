package io.lucidity.migrator.testing.internal;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.testing.MigratedDatabase;
import io.lucidity.migrator.testing.MigratedDatabase.Scope;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * What a test class asked for, from {@link MigratedDatabase} or the extension's builder.
 *
 * @param locations      migration locations
 * @param seeds          seed locations (empty: none)
 * @param extensions     extension specs (empty: none)
 * @param schema         history schema
 * @param revision       the revision each database starts at
 * @param placeholders   Flyway placeholders, sorted by name
 * @param scope          per method or per class
 * @param keepOnFailure  keep a failed test's database
 * @param maxConnections most open connections per test database
 * @param pooled         whether a test's DataSource keeps closed connections for reuse
 * @param customizer     further Migrator settings (programmatic form only), or null
 */
public record FixtureOptions(
        List<String> locations,
        List<String> seeds,
        List<String> extensions,
        String schema,
        String revision,
        Map<String, String> placeholders,
        Scope scope,
        boolean keepOnFailure,
        int maxConnections,
        boolean pooled,
        Consumer<MigratorConfig.Builder> customizer) {

    /** The application_name of every connection the fixtures open for Migrator. */
    public static final String APPLICATION_NAME = "migrator-fixtures";

    public FixtureOptions {
        locations = List.copyOf(locations);
        seeds = List.copyOf(seeds);
        extensions = List.copyOf(extensions);
        Objects.requireNonNull(schema, "schema");
        revision = revision == null || revision.isBlank() ? "head" : revision.trim();
        placeholders = Map.copyOf(new TreeMap<>(placeholders));
        Objects.requireNonNull(scope, "scope");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
        }
    }

    /** The options of an annotation. */
    public static FixtureOptions of(MigratedDatabase annotation) {
        return new FixtureOptions(
                List.of(annotation.locations()),
                List.of(annotation.seeds()),
                List.of(annotation.extensions()),
                annotation.schema(),
                annotation.revision(),
                parsePlaceholders(annotation.placeholders()),
                annotation.scope(),
                annotation.keepOnFailure(),
                annotation.maxConnections(),
                annotation.pooled(),
                null);
    }

    /** {@code name=value} pairs as a map, refusing anything else. */
    public static Map<String, String> parsePlaceholders(String[] pairs) {
        Map<String, String> map = new TreeMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("A placeholder must be written name=value, not '" + pair + "'.");
            }
            map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1));
        }
        return map;
    }

    /** Whether databases start at head (and so are seeded). */
    public boolean atHead() {
        return revision.equalsIgnoreCase("head");
    }

    /** A Migrator configuration for {@code dataSource} with these options. */
    public MigratorConfig.Builder configure(DataSource dataSource) {
        MigratorConfig.Builder builder = Migrator.configure()
                .dataSource(dataSource)
                .locations(locations.toArray(String[]::new))
                .seedLocations(seeds.toArray(String[]::new))
                .extensions(extensions.toArray(String[]::new))
                .schema(schema)
                .applicationName(APPLICATION_NAME);
        placeholders.forEach(builder::placeholder);
        if (customizer != null) {
            customizer.accept(builder);
        }
        return builder;
    }

    /** The options in one line, for messages. */
    public String describe() {
        return "locations=" + locations + ", seeds=" + seeds + ", extensions=" + extensions + ", schema=" + schema
                + ", revision=" + revision + (placeholders.isEmpty() ? "" : ", placeholders=" + placeholders.keySet());
    }
}
