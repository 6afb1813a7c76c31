package io.lucidity.migrator.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lucidity.migrator.Migrator;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An Agroal application gets no second pool through Migrator: HikariCP (optional in migrator-core) is not on the
 * application's class path, and Migrator migrates on the Agroal datasource.
 */
class AgroalOnlyTest {
    static final TestDatabase DATABASE = new TestDatabase("agroal-only");

    @RegisterExtension
    static final QuarkusUnitTest APP = DATABASE.defaultDataSource(new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(TestDatabase.class)
                    .addAsResource(
                            new StringAsset("CREATE TABLE notes (id BIGINT PRIMARY KEY, body TEXT NOT NULL);\n"),
                            "agroal/migration/V1__notes.sql"))
            .overrideConfigKey("quarkus.migrator.locations", "classpath:agroal/migration")
            .overrideConfigKey("quarkus.migrator.seed-locations", "none")
            .overrideConfigKey("quarkus.migrator.extensions", "none")
            .overrideConfigKey("quarkus.hibernate-orm.enabled", "false"));

    @Inject
    Migrator migrator;

    @Test
    void hikariIsNotOnTheApplicationsClassPath() {
        assertThatThrownBy(() -> Class.forName(
                        "com.zaxxer.hikari.HikariDataSource",
                        false,
                        Thread.currentThread().getContextClassLoader()))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() ->
                        Class.forName("com.zaxxer.hikari.HikariDataSource", false, Migrator.class.getClassLoader()))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void migratorMigratedOnTheAgroalDatasource() {
        assertThat(migrator.current()).isEqualTo("1");
        assertThat(DATABASE.query("SELECT to_regclass('public.notes')::text")).isEqualTo("notes");
    }
}
