package io.lucidity.migrator.spring.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.NestedExceptionUtils;

/** A migration that fails stops the application; Boot prints the diagnostic as description and action. */
@ExtendWith(OutputCaptureExtension.class)
class BrokenMigrationTest {

    @Test
    void aBadMigrationStopsTheContextWithTheDiagnostic(CapturedOutput output) {
        EmbeddedPostgres server = EmbeddedPostgres.shared();
        String database = server.createDatabase();
        SpringApplication application = new SpringApplication(ExampleApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        assertThatThrownBy(() -> application.run(
                        "--spring.datasource.url=" + server.jdbcUrl(database),
                        "--spring.datasource.username=" + server.user(),
                        "--spring.datasource.password=" + server.password(),
                        "--migrator.locations=classpath:db/broken",
                        "--migrator.seed-locations=none"))
                .satisfies(failure -> {
                    Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
                    MigratorException diagnostic = findDiagnostic(failure);
                    assertThat(diagnostic.code()).as(root.toString()).isEqualTo(DiagnosticCode.MIGRATION_FAILED);
                });

        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains("Description:")
                .contains("MIGRATOR-MIGRATION-FAILED")
                .contains("V2__broken.sql")
                .contains("Action:")
                .doesNotContain("\tat org.springframework.beans.factory");
        // Nothing of the failed upgrade is left behind: the transaction rolled back V1 with V2.
        assertThat(tableExists(server, database, "notes")).isFalse();
    }

    private static MigratorException findDiagnostic(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MigratorException e) {
                return e;
            }
        }
        throw new AssertionError("no MigratorException in the cause chain", failure);
    }

    private static boolean tableExists(EmbeddedPostgres server, String database, String table) {
        try (var c = server.connect(database);
                var s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            s.setString(1, table);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
