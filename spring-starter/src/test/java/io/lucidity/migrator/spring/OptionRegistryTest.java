package io.lucidity.migrator.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The {@code migrator.*} properties against core's option table ({@link MigratorOption}), in the style of Spring
 * Boot's {@code defaultValuesAreConsistent}: the generated configuration metadata has a property for every option,
 * with the table's default and a description naming it, and no property that is not an option (but the starter's
 * own); and an unbound {@link MigratorProperties} configures exactly core's defaults.
 */
class OptionRegistryTest {
    private static final String PREFIX = "migrator.";
    /** Properties of the starter alone: whether and how far to upgrade at start, and seed variables (code only in core). */
    private static final Set<String> STARTER_ONLY = Set.of("enabled", "target", "seed-variables");
    /**
     * Options with no property: a password is a property itself (no file), and pre-upgrade checks are given in code,
     * through a {@link MigratorConfigurationCustomizer}.
     */
    private static final Set<MigratorOption> NO_PROPERTY =
            Set.of(MigratorOption.PASSWORD_FILE, MigratorOption.MIGRATION_PASSWORD_FILE, MigratorOption.CHECKS);

    /** The property of an option: {@code migrator.seed-locations} for {@code seeds}, {@code migrator.placeholders}. */
    private static String property(MigratorOption option) {
        return switch (option) {
            case SEEDS -> PREFIX + "seed-locations";
            case PLACEHOLDERS -> PREFIX + "placeholders";
            default -> PREFIX + option.key();
        };
    }

    /** The {@code migrator.*} properties of the generated metadata, by name. */
    private static Map<String, Map<String, Object>> metadata() throws Exception {
        return metadata("META-INF/spring-configuration-metadata.json");
    }

    /**
     * The {@code migrator.*} properties of a metadata file of the starter's classes, by name: the generated one, or the
     * additional one that declares the defaults the processor cannot read from {@link MigratorOption.Defaults}.
     */
    private static Map<String, Map<String, Object>> metadata(String file) throws Exception {
        Path classes = Path.of(MigratorProperties.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        String json = Files.readString(classes.resolve(file));
        List<Map<String, Object>> properties = JsonPath.read(json, "$.properties[*]");
        return properties.stream()
                .filter(p -> ((String) p.get("name")).startsWith(PREFIX))
                .collect(Collectors.toMap(p -> (String) p.get("name"), p -> p, (a, b) -> a, TreeMap::new));
    }

    /** A default of the metadata as the table writes it: lists joined by commas, booleans in lower case. */
    private static String text(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return value == null ? null : String.valueOf(value);
    }

    @Test
    void everyOptionIsAPropertyOfTheMetadataWithTheSameDefault() throws Exception {
        Map<String, Map<String, Object>> metadata = metadata();
        for (MigratorOption option : MigratorOption.values()) {
            if (NO_PROPERTY.contains(option)) {
                assertThat(metadata).as("no property for %s", option.key()).doesNotContainKey(PREFIX + option.key());
                continue;
            }
            Map<String, Object> property = metadata.get(property(option));
            assertThat(property)
                    .as("the property %s for the option %s", property(option), option.key())
                    .isNotNull();
            assertThat(text(property.get("defaultValue")))
                    .as("default of %s", property(option))
                    .isEqualTo(option.defaultValue());
            if (option.defaultValue() != null) {
                assertThat((String) property.get("description"))
                        .as("description of %s", property(option))
                        .endsWith("Default: " + option.defaultValue() + ".");
            }
        }
    }

    @Test
    void theDefaultsDeclaredForTheMetadataAreTheTables() throws Exception {
        Map<String, Map<String, Object>> declared = metadata("META-INF/additional-spring-configuration-metadata.json");
        for (MigratorOption option : MigratorOption.values()) {
            Map<String, Object> property = declared.get(property(option));
            if (option.defaultValue() != null && !NO_PROPERTY.contains(option)) {
                assertThat(property)
                        .as("a declared default for %s", property(option))
                        .isNotNull();
                assertThat(text(property.get("defaultValue")))
                        .as("default of %s", property(option))
                        .isEqualTo(option.defaultValue());
            }
        }
    }

    @Test
    void everyPropertyOfTheMetadataIsAnOptionOrTheStartersOwn() throws Exception {
        for (String name : metadata().keySet()) {
            String key = name.substring(PREFIX.length());
            MigratorOption option = MigratorOption.forKey(key.equals("placeholders") ? "placeholders.x" : key);
            assertThat(option != null || STARTER_ONLY.contains(key))
                    .as("%s is an option of core or the starter's own", name)
                    .isTrue();
        }
    }

    @Test
    void unboundPropertiesConfigureCoresDefaults() {
        String url = "jdbc:postgresql://db.example:5432/app";
        MigratorConfig.Builder builder = Migrator.configure().url(url);
        MigratorAutoConfiguration.configure(builder, new MigratorProperties());

        assertThat(builder.build().settings())
                .isEqualTo(Migrator.configure().url(url).build().settings());
    }
}
