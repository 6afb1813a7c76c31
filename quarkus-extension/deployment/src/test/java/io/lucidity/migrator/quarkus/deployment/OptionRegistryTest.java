package io.lucidity.migrator.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.MigratorOption;
import io.lucidity.migrator.quarkus.runtime.MigratorDataSourceBuildTimeConfig;
import io.lucidity.migrator.quarkus.runtime.MigratorDataSourceRuntimeConfig;
import io.smallrye.config.WithDefault;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The {@code quarkus.migrator.*} keys of a datasource against core's option table ({@link MigratorOption}): every
 * option is a key of the config mapping with the table's default ({@code @WithDefault}, or the processor's for the
 * locations, which are build-time), and every key is an option or the extension's own. Reads the mapping, starts no
 * application.
 */
class OptionRegistryTest {
    /** Keys of the extension alone. */
    private static final Set<String> EXTENSION_ONLY = Set.of("migrate-at-start", "target", "seed-variables");
    /**
     * Options with no key: the connection is the datasource's ({@code quarkus.datasource.*}), passwords are keys
     * themselves (no file), and pre-upgrade checks are given in code.
     */
    private static final Set<MigratorOption> NO_KEY = Set.of(
            MigratorOption.URL,
            MigratorOption.USER,
            MigratorOption.PASSWORD,
            MigratorOption.PASSWORD_FILE,
            MigratorOption.MIGRATION_PASSWORD_FILE,
            MigratorOption.CHECKS);

    /** The key of an option: {@code seed-locations} for {@code seeds}, {@code placeholders}. */
    private static String key(MigratorOption option) {
        return switch (option) {
            case SEEDS -> "seed-locations";
            case PLACEHOLDERS -> "placeholders";
            default -> option.key();
        };
    }

    /** Every key of the run-time and build-time mappings of a datasource, with its {@code @WithDefault} (or null). */
    private static Map<String, String> keys() {
        Map<String, String> keys = new TreeMap<>();
        for (Class<?> mapping :
                new Class<?>[] {MigratorDataSourceRuntimeConfig.class, MigratorDataSourceBuildTimeConfig.class}) {
            for (Method method : mapping.getDeclaredMethods()) {
                WithDefault withDefault = method.getAnnotation(WithDefault.class);
                keys.put(
                        method.getName().replaceAll("([A-Z])", "-$1").toLowerCase(),
                        withDefault == null ? null : withDefault.value());
            }
        }
        keys.put("locations", String.join(",", MigratorProcessor.defaultLocations("<default>", true)));
        keys.put("seed-locations", String.join(",", MigratorProcessor.defaultSeedLocations("<default>", true)));
        return keys;
    }

    @Test
    void everyOptionIsAKeyWithTheSameDefault() {
        Map<String, String> keys = keys();
        for (MigratorOption option : MigratorOption.values()) {
            if (NO_KEY.contains(option)) {
                assertThat(keys).as("no key for %s", option.key()).doesNotContainKey(option.key());
                continue;
            }
            assertThat(keys)
                    .as("the key %s for the option %s", key(option), option.key())
                    .containsKey(key(option));
            assertThat(keys.get(key(option))).as("default of %s", key(option)).isEqualTo(option.defaultValue());
        }
    }

    @Test
    void everyKeyIsAnOptionOrTheExtensionsOwn() {
        for (String key : keys().keySet()) {
            MigratorOption option = MigratorOption.forKey(key.equals("placeholders") ? "placeholders.x" : key);
            assertThat(option != null || EXTENSION_ONLY.contains(key))
                    .as("%s is an option of core or the extension's own", key)
                    .isTrue();
        }
    }

    @Test
    void aNamedDatasourceLooksForItsFilesUnderItsName() {
        assertThat(MigratorProcessor.defaultLocations("inventory", false))
                .containsExactly("classpath:db/inventory/migration");
        assertThat(MigratorProcessor.defaultSeedLocations("inventory", false))
                .containsExactly("classpath:db/inventory/seed");
    }
}
