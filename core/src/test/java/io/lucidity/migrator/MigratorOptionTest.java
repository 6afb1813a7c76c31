package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The option table ({@link MigratorOption}) against the builder and {@code MIGRATOR_*} variables: each default is what
 * a new configuration holds and shows, each option is found by its key, aliases and variable, and each sentence ends
 * with the default.
 */
class MigratorOptionTest {
    private static final String URL = "jdbc:postgresql://db.example:5432/app";

    @Test
    void aNewConfigurationShowsEveryDefaultOfTheTable() {
        Map<String, String> shown = Migrator.configure().url(URL).build().settings();
        for (MigratorOption option : MigratorOption.values()) {
            if (option.defaultValue() != null) {
                assertThat(shown).as("default of %s", option.key()).containsEntry(option.key(), option.defaultValue());
            }
        }
        assertThat(shown)
                .containsOnlyKeys(MigratorOption.keys().stream()
                        .filter(key -> !key.endsWith("-file") && !key.equals("seed-locations"))
                        .toList());
    }

    @Test
    void everyOptionIsFoundByItsKeysAndItsSentenceEndsWithTheDefault() {
        for (MigratorOption option : MigratorOption.values()) {
            if (option.isFamily()) {
                continue;
            }
            assertThat(MigratorOption.forKey(option.key().toUpperCase(java.util.Locale.ROOT)))
                    .isSameAs(option);
            option.aliases()
                    .forEach(alias -> assertThat(MigratorOption.forKey(alias)).isSameAs(option));
            assertThat(option.documentation())
                    .as("sentence of %s", option.key())
                    .contains("Default: ");
            if (option.defaultValue() != null) {
                assertThat(option.documentation()).endsWith("Default: " + option.defaultValue() + ".");
            }
        }
        assertThat(MigratorOption.forKey("placeholders.tenant")).isSameAs(MigratorOption.PLACEHOLDERS);
        assertThat(MigratorOption.forKey("check.jobs-drained.sql")).isSameAs(MigratorOption.CHECKS);
        assertThat(MigratorOption.forKey("lock-timout")).isNull();
    }

    @Test
    void everyOptionIsSetByItsVariable() {
        assertThat(MigratorOption.LOCK_TIMEOUT.environmentName()).isEqualTo("MIGRATOR_LOCK_TIMEOUT");
        assertThat(MigratorOption.PLACEHOLDERS.environmentName()).isEqualTo("MIGRATOR_PLACEHOLDERS_<NAME>");
        MigratorConfig c = Migrator.configure()
                .url(URL)
                .environment(Map.of(
                        MigratorOption.TABLE.environmentName(),
                        "app_history",
                        MigratorOption.SEEDS.environmentName(),
                        "none",
                        MigratorOption.TRANSACTION_MODE.environmentName(),
                        "per-migration"))
                .build();
        assertThat(c.table()).isEqualTo("app_history");
        assertThat(c.seedLocations()).isEmpty();
        assertThat(c.transactionMode()).isEqualTo(TransactionMode.PER_MIGRATION);
    }
}
