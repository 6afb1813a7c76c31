package io.lucidity.migrator.embedded;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StartFailureTest {

    @Test
    void emptyBinDirectoryGivesTheInstallHint(@TempDir Path empty) {
        assertThatThrownBy(() -> EmbeddedPostgres.builder()
                        .provider(EmbeddedPostgres.Provider.LOCAL)
                        .binDirectory(empty)
                        .start())
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageStartingWith("PostgreSQL server binaries (initdb, pg_ctl) not found.")
                .hasMessageContaining("sudo apt-get install postgresql")
                .hasMessageContaining("scripts/setup-postgres.sh")
                .hasMessageContaining("MIGRATOR_PG_BIN")
                .hasMessageContaining("MIGRATOR_TEST_JDBC_URL")
                .hasMessageContaining(empty.toString());
    }

    @Test
    void migratorPgBinPointingNowhereGivesTheInstallHint(@TempDir Path empty) {
        Environment environment = Environment.of(Map.of("MIGRATOR_PG_BIN", empty.toString()));
        assertThatThrownBy(() -> BinaryLocator.locate(null, environment))
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("not found")
                .hasMessageContaining("MIGRATOR_PG_BIN");
    }

    @Test
    void missingExtensionIsNamed() {
        assertThatThrownBy(() -> EmbeddedPostgres.builder()
                        .provider(EmbeddedPostgres.Provider.LOCAL)
                        .requireExtension("no_such_ext")
                        .start())
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("The PostgreSQL extension 'no_such_ext' is not installed for " + "PostgreSQL ")
                .hasMessageContaining("MIGRATOR_TEST_JDBC_URL");
    }
}
