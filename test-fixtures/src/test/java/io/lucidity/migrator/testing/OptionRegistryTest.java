package io.lucidity.migrator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.MigratorOption;
import io.lucidity.migrator.testing.internal.FixtureOptions;
import org.junit.jupiter.api.Test;

/**
 * The fixtures' settings that are core options (locations, seeds, extensions, schema) against core's option table
 * ({@link MigratorOption}): {@link MigratedDatabase}'s defaults and {@link MigratedDatabaseExtension.Builder}'s are the
 * table's. {@link MigrationChecks} differs on purpose: it runs no seeds unless given some.
 */
class OptionRegistryTest {

    private static String defaultOf(MigratorOption option) {
        return option.defaultValue();
    }

    private static void assertDefaults(FixtureOptions options) {
        assertThat(String.join(",", options.locations())).isEqualTo(defaultOf(MigratorOption.LOCATIONS));
        assertThat(String.join(",", options.seeds())).isEqualTo(defaultOf(MigratorOption.SEEDS));
        assertThat(String.join(",", options.extensions())).isEqualTo(defaultOf(MigratorOption.EXTENSIONS));
        assertThat(options.schema()).isEqualTo(defaultOf(MigratorOption.SCHEMA));
        assertThat(options.placeholders()).isEmpty();
    }

    @MigratedDatabase
    private static final class AnnotatedWithDefaults {}

    @Test
    void theAnnotationsDefaultsAreCores() {
        assertDefaults(FixtureOptions.of(AnnotatedWithDefaults.class.getAnnotation(MigratedDatabase.class)));
    }

    @Test
    void theBuildersDefaultsAreCores() {
        assertDefaults(MigratedDatabaseExtension.builder().build().explicitOptions());
    }
}
