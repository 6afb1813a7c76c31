package io.lucidity.migrator.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServerProbeTest {

    @Test
    void missingPgvectorOnLocalSaysWhatToInstall() {
        Path bin = Path.of("pg", "bin");
        assertThat(ServerProbe.missingOnLocal("vector", 15, bin))
                .isEqualTo("The PostgreSQL extension 'vector' (pgvector) is not installed for PostgreSQL 15 at "
                        + bin + ". Install it: `sudo apt-get install postgresql-15-pgvector` where your "
                        + "distribution has it, or run `sudo scripts/setup-postgres.sh` (builds it from "
                        + "Debian's source package); or use a server that has it via "
                        + "MIGRATOR_TEST_JDBC_URL.");
    }

    @Test
    void missingPgvectorOnExternalSuggestsInstallingItOnThatServer() {
        assertThat(ServerProbe.missingOnExternal("vector", 16, "jdbc:postgresql://h:5432/db"))
                .startsWith("The PostgreSQL extension 'vector' (pgvector) is not installed on the "
                        + "server at jdbc:postgresql://h:5432/db (PostgreSQL 16")
                .contains("Install pgvector on that server")
                .contains("postgresql-16-pgvector");
    }
}
