package io.lucidity.migrator.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BinaryLocatorTest {

    @Test
    void findsServerBinariesOnThisMachine() {
        assertThat(BinaryLocator.hasServerBinaries(BinaryLocator.locate(null, Environment.of(Map.of()))))
                .isTrue();
    }

    @Test
    void migratorPgBinWins() {
        var found = BinaryLocator.locate(null, Environment.of(Map.of()));
        assertThat(BinaryLocator.locate(null, Environment.of(Map.of("MIGRATOR_PG_BIN", found.toString()))))
                .isEqualTo(found);
    }

    @Test
    void comparesVersionsNumerically() {
        assertThat(BinaryLocator.compareVersions(BinaryLocator.parseVersion("15"), BinaryLocator.parseVersion("9.6")))
                .isPositive();
        assertThat(BinaryLocator.compareVersions(BinaryLocator.parseVersion("16.2"), BinaryLocator.parseVersion("16")))
                .isPositive();
        assertThat(BinaryLocator.compareVersions(new int[0], BinaryLocator.parseVersion("9")))
                .isNegative();
        assertThat(BinaryLocator.parseVersion("latest")).isEmpty();
    }

    @Test
    void quotesForSu() {
        assertThat(OsUser.shellQuote(java.util.List.of("a b", "it's"))).isEqualTo("'a b' 'it'\\''s'");
    }
}
