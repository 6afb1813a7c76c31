package io.lucidity.migrator.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A test JVM killed with SIGKILL does not leave its local server running: the watcher started
 * with the server stops it within seconds, and the next start deletes the directory; when the
 * watcher was killed too, the next start stops the server first, then deletes its files.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class KilledJvmTest {

    @Test
    void theServerOfAKilledJvmStopsByItselfAndTheNextStartDeletesItsDirectory() throws Exception {
        Child child = Child.start();

        child.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs

        assertThat(goneWithin(child.postmaster, 10))
                .as("the postmaster %d 10 s after SIGKILL", child.postmaster)
                .isTrue();
        assertThat(child.dataDirectory).as("left for the next start").exists();

        List<Path> deleted = LocalCluster.sweepOrphans(bin());

        assertThat(deleted).contains(child.dataDirectory);
        assertThat(child.dataDirectory).doesNotExist();
    }

    @Test
    void whenTheWatcherWasKilledTooTheNextStartStopsTheServerBeforeDeletingItsFiles() throws Exception {
        Child child = Child.start();
        ProcessHandle watcher = child.process
                .toHandle()
                .children()
                .filter(h -> h.info().command().orElse("").endsWith("sh"))
                .findFirst()
                .orElseThrow();

        watcher.destroyForcibly();
        child.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        assertThat(goneWithin(child.postmaster, 3)).as("nobody stopped it yet").isFalse();

        List<Path> deleted = LocalCluster.sweepOrphans(bin());

        assertThat(deleted).contains(child.dataDirectory);
        assertThat(goneWithin(child.postmaster, 10)).as("the orphan postmaster").isTrue();
        assertThat(child.dataDirectory).doesNotExist();
    }

    private static Path bin() {
        return BinaryLocator.locate(null, Environment.system());
    }

    private static boolean goneWithin(long pid, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** A test JVM that started a local server and waits to be killed. */
    private record Child(Process process, Path dataDirectory, long postmaster) {
        static Child start() throws IOException, InterruptedException {
            Path log = Files.createTempFile("killed-jvm-", ".log");
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Process process = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            classpath,
                            Main.class.getName())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline && process.isAlive()) {
                Optional<String> ready = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                        .filter(l -> l.startsWith("READY "))
                        .findFirst();
                if (ready.isPresent()) {
                    String[] parts = ready.get().split(" ");
                    return new Child(process, Path.of(parts[1]), Long.parseLong(parts[2]));
                }
                Thread.sleep(200);
            }
            process.destroyForcibly();
            throw new IllegalStateException(
                    "The child JVM did not start its server:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    /** The child: starts a local server, says where, and waits. */
    public static final class Main {
        public static void main(String[] args) throws Exception {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .provider(EmbeddedPostgres.Provider.LOCAL)
                    .requireNoExtension()
                    .start();
            String pid = Files.readAllLines(pg.dataDirectory().resolve("postmaster.pid"))
                    .get(0)
                    .trim();
            System.out.println("READY " + pg.dataDirectory() + " " + pid);
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
