package io.lucidity.migrator.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lucidity.migrator.testing.FixtureException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Which provider serves the tests: external, docker, local — detected in that order, or forced. No Docker daemon
 * runs here, so the docker path is exercised with a fake daemon socket and a container start that fails.
 */
class ProviderSelectionTest {
    private static final Env NOTHING_SET = Env.of(Map.of());

    @Test
    void externalComesFirstWhenAJdbcUrlIsSetAndDockerIsNotEvenAsked() {
        AtomicBoolean asked = new AtomicBoolean();
        Env env = Env.of(Map.of(Env.JDBC_URL, "jdbc:postgresql://db.test:5432/postgres"));

        assertThat(Provider.choose(env, () -> asked.getAndSet(true))).isEqualTo(Provider.EXTERNAL);
        assertThat(asked).isFalse();
    }

    @Test
    void dockerComesNextWhenADaemonAnswersThenLocal() {
        assertThat(Provider.choose(NOTHING_SET, () -> true)).isEqualTo(Provider.DOCKER);
        assertThat(Provider.choose(NOTHING_SET, () -> false)).isEqualTo(Provider.LOCAL);
        assertThat(Provider.choose(Env.of(Map.of(Env.PROVIDER, "auto")), () -> false))
                .isEqualTo(Provider.LOCAL);
    }

    @Test
    void theVariableForcesAProviderWithoutDetection() {
        Env url = Env.of(Map.of(Env.JDBC_URL, "jdbc:postgresql://db.test/postgres", Env.PROVIDER, "LOCAL"));
        assertThat(Provider.choose(url, () -> true)).isEqualTo(Provider.LOCAL);
        assertThat(Provider.choose(Env.of(Map.of(Env.PROVIDER, "docker")), () -> false))
                .isEqualTo(Provider.DOCKER);
        assertThat(Provider.choose(Env.of(Map.of(Env.PROVIDER, "external")), () -> true))
                .isEqualTo(Provider.EXTERNAL);
        assertThatThrownBy(() -> Provider.choose(Env.of(Map.of(Env.PROVIDER, "podman")), () -> false))
                .isInstanceOf(FixtureException.class)
                .hasMessageContaining("MIGRATOR_TEST_PROVIDER must be external, docker or local")
                .hasMessageContaining("'podman'");
    }

    @Test
    void whenDetectedDockerCannotStartItsContainerTheLocalProviderServesInstead() {
        Server local = new FakeServer("local");

        Server chosen = Fixtures.startServer(
                NOTHING_SET,
                () -> true,
                env -> {
                    throw new IllegalStateException("image pgvector/pgvector:pg16 cannot be pulled");
                },
                () -> local);

        assertThat(chosen).isSameAs(local);
    }

    @Test
    void whenDockerIsForcedAFailedContainerStartFailsWithTheRemedy() {
        Env forced = Env.of(Map.of(Env.PROVIDER, "docker"));

        assertThatThrownBy(() -> Fixtures.startServer(
                        forced,
                        () -> false,
                        env -> {
                            throw new IllegalStateException("Could not find a valid Docker environment");
                        },
                        () -> new FakeServer("local")))
                .isInstanceOf(FixtureException.class)
                .hasMessageContaining("MIGRATOR_TEST_PROVIDER=docker")
                .hasMessageContaining("pgvector/pgvector:pg16")
                .hasMessageContaining("Could not find a valid Docker environment")
                .hasMessageContaining("unset MIGRATOR_TEST_PROVIDER");
    }

    @Test
    void theDockerStarterIsOnlyCalledWhenDockerIsChosen() {
        AtomicInteger dockerStarts = new AtomicInteger();

        Fixtures.startServer(
                NOTHING_SET,
                () -> false,
                env -> {
                    dockerStarts.incrementAndGet();
                    return new FakeServer("docker");
                },
                () -> new FakeServer("local"));

        assertThat(dockerStarts).hasValue(0);
    }

    @Test
    void noSocketMeansNoDockerQuickly() throws IOException {
        Path missing = Files.createTempDirectory("no-docker").resolve("docker.sock");
        long start = System.nanoTime();

        assertThat(DockerProbe.answers(Env.of(Map.of("DOCKER_HOST", "unix://" + missing))))
                .isFalse();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
    }

    @Test
    void aClosedTcpPortMeansNoDocker() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThat(DockerProbe.answers(Env.of(Map.of("DOCKER_HOST", "tcp://127.0.0.1:" + port))))
                .isFalse();
    }

    @Test
    void aDaemonAnsweringPingIsDetectedAndOneAnsweringAnErrorIsNot() throws Exception {
        Path dir = Files.createTempDirectory("fake-docker");
        assertThat(withFakeDaemon(dir.resolve("ok.sock"), "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK"))
                .isTrue();
        assertThat(withFakeDaemon(dir.resolve("err.sock"), "HTTP/1.1 500 Internal Server Error\r\n\r\n"))
                .isFalse();
    }

    private static boolean withFakeDaemon(Path socket, String response) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread daemon = new Thread(() -> {
                try (SocketChannel client = server.accept()) {
                    client.read(ByteBuffer.allocate(256));
                    client.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.US_ASCII)));
                } catch (IOException e) {
                    // the probe gave up
                }
            });
            daemon.start();
            boolean answers = DockerProbe.answers(Env.of(Map.of("DOCKER_HOST", "unix://" + socket)));
            daemon.join(2000);
            return answers;
        } finally {
            Files.deleteIfExists(socket);
        }
    }

    private record FakeServer(String provider) implements Server {
        @Override
        public String jdbcUrl(String database) {
            return "jdbc:postgresql://fake/" + database;
        }

        @Override
        public String maintenanceDatabase() {
            return "postgres";
        }

        @Override
        public String user() {
            return "postgres";
        }

        @Override
        public String password() {
            return null;
        }

        @Override
        public boolean throwaway() {
            return true;
        }
    }
}
