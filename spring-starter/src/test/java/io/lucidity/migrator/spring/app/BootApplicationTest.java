package io.lucidity.migrator.spring.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.embedded.EmbeddedPostgres;
import io.lucidity.migrator.spring.MigratorInitializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Boot application (JPA, JdbcTemplate, actuator over HTTP) on PostgreSQL + pgvector, with the example
 * schema's migrations and seeds: they are in place before the first repository call, and
 * {@code /actuator/health} reports the revision.
 */
@SpringBootTest(
        classes = ExampleApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.jpa.hibernate.ddl-auto=validate",
            "spring.jpa.open-in-view=false",
            "management.endpoints.web.exposure.include=health,migrator",
            "management.endpoint.health.show-details=always"
        })
class BootApplicationTest {
    private static final EmbeddedPostgres SERVER = EmbeddedPostgres.shared();
    private static final String DATABASE = SERVER.createDatabase();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> SERVER.jdbcUrl(DATABASE));
        registry.add("spring.datasource.username", SERVER::user);
        registry.add("spring.datasource.password", SERVER::password);
    }

    @LocalServerPort
    int port;

    @Autowired
    FirstUse firstUse;

    @Autowired
    UserRepository users;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MigratorInitializer initializer;

    @Test
    void entitiesSeeSeededRowsOnFirstUse() {
        assertThat(firstUse.admin()).hasValueSatisfying(admin -> {
            assertThat(admin.getRole()).isEqualTo("admin");
            assertThat(admin.getDisplayName()).isEqualTo("Administrator");
            assertThat(admin.getCreatedAt()).isNotNull();
        });
        assertThat(firstUse.configRows()).isPositive();
        assertThat(users.count()).isEqualTo(1);
    }

    @Test
    void theUpgradeRanAtStartAndReachedHead() {
        assertThat(initializer.report()).isNotNull();
        assertThat(initializer.report().toRevision()).isEqualTo("7");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM migrator_seed_journal", Long.class))
                .isEqualTo(3);
        assertThat(jdbc.queryForObject(
                        "SELECT extversion IS NOT NULL FROM pg_extension WHERE extname = 'vector'", Boolean.class))
                .isTrue();
    }

    @Test
    void healthEndpointReportsTheRevision() throws Exception {
        JsonNode health = get("/actuator/health");
        JsonNode migrator = health.path("components").path("migrator");
        assertThat(migrator.path("status").asString()).isEqualTo("UP");
        assertThat(migrator.path("details").path("revision").asString()).isEqualTo("7");
        assertThat(migrator.path("details").path("head").asString()).isEqualTo("7");
        assertThat(health.path("status").asString()).isEqualTo("UP");
    }

    @Test
    void migratorEndpointShowsStatusAndHistory() throws Exception {
        JsonNode body = get("/actuator/migrator");
        assertThat(body.path("status").path("revision").asString()).isEqualTo("7");
        assertThat(body.path("status").path("atHead").asBoolean()).isTrue();
        assertThat(body.path("history").size()).isEqualTo(7);
        assertThat(body.path("history").get(0).path("state").asString()).isEqualTo("APPLIED");
        assertThat(body.path("upgrade").asString()).contains("upgraded from base to 7");
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body());
    }
}
