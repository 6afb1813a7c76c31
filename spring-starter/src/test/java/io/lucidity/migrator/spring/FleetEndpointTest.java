package io.lucidity.migrator.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.testsupport.MigrationFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code /actuator/migrator} with a tenant source: the fleet's summary line at start, and one tenant at
 * {@code /actuator/migrator/{tenant}}.
 */
class FleetEndpointTest {
    private final TestDatabase db = TestDatabase.create();
    private final MigrationFiles files = new MigrationFiles()
            .migration("V1__accounts.sql", "CREATE TABLE accounts (id int PRIMARY KEY);")
            .migration("V2__owners.sql", "ALTER TABLE accounts ADD COLUMN owner text;");

    @AfterEach
    void cleanUp() {
        db.close();
        files.close();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        DataSourceAutoConfiguration.class,
                        MigratorAutoConfiguration.class,
                        MigratorEndpointAutoConfiguration.class))
                .withPropertyValues(db.dataSourceProperties())
                .withPropertyValues(
                        "management.endpoints.web.exposure.include=migrator",
                        "migrator.locations=" + files.locations(),
                        "migrator.seed-locations=none",
                        "migrator.extensions=none",
                        "migrator.tenant-schemas=tenant\\_%");
    }

    @Test
    void theEndpointSummarizesTheFleetAndDescribesOneTenantBySelector() {
        db.execute("CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b; CREATE SCHEMA billing");
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            MigratorEndpoint endpoint = context.getBean(MigratorEndpoint.class);

            assertThat(endpoint.migrator().upgrade()).contains("Fleet of 2 tenant(s): 2 upgraded");

            MigratorEndpoint.MigratorDescriptor tenant = endpoint.tenant("tenant_b");
            assertThat(tenant.status().schema()).isEqualTo("tenant_b");
            assertThat(tenant.status().revision()).isEqualTo("2");
            assertThat(tenant.status().atHead()).isTrue();
            assertThat(tenant.history()).hasSize(2);
            assertThat(tenant.upgrade()).startsWith("tenant_b: UPGRADED from base to 2");

            MigratorException notATenant =
                    catchThrowableOfType(MigratorException.class, () -> endpoint.tenant("billing"));
            assertThat(notATenant.code()).isEqualTo(DiagnosticCode.CONFIG_INVALID);
            assertThat(notATenant.getMessage()).contains("'billing' is not a tenant of this fleet");
        });
    }
}
