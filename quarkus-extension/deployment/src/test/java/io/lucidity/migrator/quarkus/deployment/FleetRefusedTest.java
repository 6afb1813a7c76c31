package io.lucidity.migrator.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.lucidity.migrator.DiagnosticCode;
import io.quarkus.test.QuarkusUnitTest;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fleet with one tenant PostgreSQL refuses: the other tenants reach head, then the start-up fails with the refused
 * tenant's code, naming it.
 */
class FleetRefusedTest {
    static final TestDatabase DATABASE = new TestDatabase("fleet-refused");

    static {
        if (DATABASE.query("SELECT to_regnamespace('tenant_a')::text") == null) {
            DATABASE.execute("CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b; CREATE SCHEMA tenant_c;"
                    + " CREATE TABLE tenant_b.accounts (id int)");
        }
    }

    @RegisterExtension
    static final QuarkusUnitTest APP = DATABASE.defaultDataSource(new QuarkusUnitTest()
                    .withApplicationRoot(jar -> jar.addClass(TestDatabase.class)
                            .addAsResource(
                                    new StringAsset("CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner TEXT);\n"),
                                    "fleet/migration/V1__accounts.sql")))
            .overrideConfigKey("quarkus.migrator.locations", "classpath:fleet/migration")
            .overrideConfigKey("quarkus.migrator.seed-locations", "none")
            .overrideConfigKey("quarkus.migrator.extensions", "none")
            .overrideConfigKey("quarkus.migrator.tenants", "tenant_a,tenant_b,tenant_c")
            .assertException(FleetRefusedTest::namesTheRefusedTenant);

    private static void namesTheRefusedTenant(Throwable thrown) {
        // The application's classes come from Quarkus' class loader: compare by name, read the code reflectively.
        Throwable diagnostic = thrown;
        while (diagnostic != null
                && !diagnostic.getClass().getName().equals("io.lucidity.migrator.MigrationFailedException")) {
            diagnostic = diagnostic.getCause();
        }
        assertThat(diagnostic).as("a MigrationFailedException in %s", thrown).isNotNull();
        System.out.println("Start-up refused with:\n" + diagnostic.getMessage());
        assertThat(code(diagnostic)).isEqualTo(DiagnosticCode.OBJECT_EXISTS.name());
        assertThat(diagnostic.getMessage())
                .startsWith("MIGRATOR-EXISTS: 1 of 3 tenant(s) refused the upgrade; the worst is tenant_b")
                .contains("tenant tenant_b: MIGRATOR-EXISTS")
                .contains("For tenant tenant_b: ")
                .doesNotContain("tenant tenant_a:", "tenant tenant_c:");
        assertThat(DATABASE.query("SELECT string_agg(version, ',') FROM tenant_a.flyway_schema_history WHERE success"))
                .isEqualTo("1");
        assertThat(DATABASE.query("SELECT string_agg(version, ',') FROM tenant_c.flyway_schema_history WHERE success"))
                .isEqualTo("1");
        assertThat(DATABASE.query("SELECT to_regclass('tenant_b.flyway_schema_history')::text"))
                .isNotNull();
        assertThat(DATABASE.query("SELECT count(*) FROM tenant_b.flyway_schema_history WHERE version = '1'"))
                .isEqualTo("0");
    }

    private static String code(Throwable diagnostic) {
        try {
            return ((Enum<?>) diagnostic.getClass().getMethod("code").invoke(diagnostic)).name();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("MigratorException.code() is not readable", e);
        }
    }

    @Test
    void startUpFailsNamingTheRefusedTenant() {
        fail("the application must not start");
    }
}
