package io.lucidity.migrator.testing.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a Docker daemon answers, asked cheaply and without Testcontainers: {@code GET /_ping} on
 * {@code DOCKER_HOST}, Testcontainers' {@code docker.host}, or the usual socket paths. No socket, no answer
 * within the timeout, or any error means no.
 */
public final class DockerProbe {
    private static final Logger LOG = LoggerFactory.getLogger(DockerProbe.class);
    private static final Duration TIMEOUT = Duration.ofMillis(1500);

    private DockerProbe() {}

    /** Whether a daemon answers {@code /_ping} with 200. */
    public static boolean answers(Env env) {
        for (String host : candidates(env)) {
            if (ping(host)) {
                LOG.debug("[migrator-fixtures] Docker answers at {}", host);
                return true;
            }
        }
        return false;
    }

    /** The daemon addresses to try, as {@code unix://PATH} or {@code tcp://HOST:PORT}. */
    static List<String> candidates(Env env) {
        List<String> hosts = new ArrayList<>();
        String dockerHost = env.get("DOCKER_HOST");
        if (dockerHost != null) {
            hosts.add(dockerHost);
            return hosts;
        }
        String home = System.getProperty("user.home", "");
        String configured = testcontainersHost(Path.of(home, ".testcontainers.properties"));
        if (configured != null) {
            hosts.add(configured);
        }
        List<Path> sockets = new ArrayList<>(List.of(
                Path.of("/var/run/docker.sock"),
                Path.of(home, ".docker", "run", "docker.sock"),
                Path.of(home, ".docker", "desktop", "docker.sock"),
                Path.of(home, ".colima", "default", "docker.sock"),
                Path.of(home, ".rd", "docker.sock")));
        String runtimeDir = env.get("XDG_RUNTIME_DIR");
        if (runtimeDir != null) {
            sockets.add(Path.of(runtimeDir, "docker.sock"));
        }
        for (Path socket : sockets) {
            if (Files.exists(socket)) {
                hosts.add("unix://" + socket);
            }
        }
        return hosts;
    }

    private static String testcontainersHost(Path file) {
        if (!Files.isReadable(file)) {
            return null;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            return null;
        }
        String host = properties.getProperty("docker.host");
        return host == null || host.isBlank() ? null : host.trim();
    }

    /** {@code GET /_ping} at a {@code unix://} or {@code tcp://} address; false on anything but 200. */
    static boolean ping(String host) {
        CompletableFuture<Boolean> answer = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return pingNow(host);
                    } catch (IOException | RuntimeException e) {
                        LOG.debug("[migrator-fixtures] No Docker daemon at {}: {}", host, e.toString());
                        return false;
                    }
                },
                runnable -> {
                    Thread thread = new Thread(runnable, "migrator-fixtures-docker-probe");
                    thread.setDaemon(true);
                    thread.start();
                });
        try {
            return answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.debug(
                    "[migrator-fixtures] No answer from a Docker daemon at {} within {} ms", host, TIMEOUT.toMillis());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean pingNow(String host) throws IOException {
        byte[] request = "GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        if (host.startsWith("unix://")) {
            Path socket = Path.of(host.substring("unix://".length()));
            if (!Files.exists(socket)) {
                return false;
            }
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(socket));
                channel.write(ByteBuffer.wrap(request));
                ByteBuffer response = ByteBuffer.allocate(64);
                while (response.hasRemaining() && channel.read(response) >= 0) {
                    if (statusLine(response) != null) {
                        break;
                    }
                }
                return isOk(statusLine(response));
            }
        }
        if (host.startsWith("tcp://")) {
            URI uri = URI.create(host);
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 2375 : uri.getPort()), (int)
                        TIMEOUT.toMillis());
                socket.setSoTimeout((int) TIMEOUT.toMillis());
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                byte[] buffer = socket.getInputStream().readNBytes(64);
                return isOk(statusLine(ByteBuffer.wrap(buffer).position(buffer.length)));
            }
        }
        return false;
    }

    private static String statusLine(ByteBuffer response) {
        String text = new String(response.array(), 0, response.position(), StandardCharsets.US_ASCII);
        int end = text.indexOf("\r\n");
        return end < 0 ? null : text.substring(0, end);
    }

    private static boolean isOk(String statusLine) {
        return statusLine != null && statusLine.startsWith("HTTP/1.") && statusLine.contains(" 200");
    }
}
