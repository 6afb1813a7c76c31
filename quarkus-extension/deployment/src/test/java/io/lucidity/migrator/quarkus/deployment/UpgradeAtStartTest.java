package io.lucidity.migrator.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.lucidity.migrator.Migrator;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The example schema (io.lucidity:migrator-examples: classpath db/migration and db/seed) on a real PostgreSQL +
 * pgvector, with Hibernate ORM and SmallRye Health, every Migrator setting at its default.
 */
class UpgradeAtStartTest {
    static final TestDatabase DATABASE = new TestDatabase("upgrade-at-start");

    @RegisterExtension
    static final QuarkusUnitTest APP = DATABASE.defaultDataSource(
            new QuarkusUnitTest().withApplicationRoot(jar -> jar.addClasses(User.class, TestDatabase.class)));

    @Inject
    EntityManager entityManager;

    @Inject
    Migrator migrator;

    @Test
    @Transactional
    void hibernateReadsTheSeededAdmin() {
        List<User> admins = entityManager
                .createQuery("from User where role = 'admin'", User.class)
                .getResultList();

        assertThat(admins).extracting(user -> user.email).containsExactly("admin@example.com");
    }

    @Test
    void migrationsAndSeedsRanBeforeTheApplicationStarted() {
        assertThat(DATABASE.query("SELECT max(version::int) FROM flyway_schema_history WHERE success"))
                .isEqualTo("7");
        assertThat(DATABASE.query("SELECT count(*) FROM migrator_seed_journal")).isEqualTo("3");
        assertThat(DATABASE.query("SELECT extname FROM pg_extension WHERE extname = 'vector'"))
                .isEqualTo("vector");
    }

    @Test
    void theMigratorBeanIsTheDefaultDatasources() {
        assertThat(migrator.current()).isEqualTo("7");
        assertThat(migrator.status().atHead()).isTrue();
    }

    @Test
    void readinessReportsTheRevision() {
        RestAssured.when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'migrator' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'migrator' }.data.revision", equalTo("7"))
                .body("checks.find { it.name == 'migrator' }.data.state", equalTo("at head"));
    }
}
