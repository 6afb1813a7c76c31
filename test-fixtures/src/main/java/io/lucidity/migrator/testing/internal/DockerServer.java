package io.lucidity.migrator.testing.internal;

import java.util.Map;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A Testcontainers PostgreSQL with pgvector ({@code pgvector/pgvector:pg16} unless
 * {@code MIGRATOR_TEST_DOCKER_IMAGE} says otherwise), data on tmpfs and fsync off; removed when the JVM exits.
 * Only loaded when a Docker daemon answers.
 */
final class DockerServer implements Server {
    static final String DEFAULT_IMAGE = "pgvector/pgvector:pg16";
    private static final int PORT = 5432;

    private final PostgreSQLContainer container;

    private DockerServer(PostgreSQLContainer container) {
        this.container = container;
    }

    static DockerServer start(Env env) {
        DockerImageName image =
                DockerImageName.parse(env.get(Env.DOCKER_IMAGE, DEFAULT_IMAGE)).asCompatibleSubstituteFor("postgres");
        PostgreSQLContainer container = new PostgreSQLContainer(image);
        container.withTmpFs(Map.of("/var/lib/postgresql/data", "rw"));
        container.withCommand(
                "postgres",
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "max_connections=200");
        container.start();
        return new DockerServer(container);
    }

    @Override
    public String provider() {
        return "docker";
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(PORT) + "/"
                + java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String maintenanceDatabase() {
        return container.getDatabaseName();
    }

    @Override
    public String user() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public boolean throwaway() {
        return true;
    }

    @Override
    public String toString() {
        return "DockerServer[" + container.getDockerImageName() + " " + jdbcUrl(maintenanceDatabase()) + "]";
    }
}
