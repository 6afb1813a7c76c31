package io.lucidity.migrator.reliability.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Starts a separate JVM with this module's test class path, as a second application instance (or the CLI) would
 * run: its own process, its own environment (nothing inherited that starts with {@code MIGRATOR_} or {@code PG},
 * except {@code MIGRATOR_PG_BIN}), stdout and stderr in files. Every process started here is killed at the latest
 * when the test JVM exits.
 */
public final class Jvm {
    private static final List<Process> STARTED = new CopyOnWriteArrayList<>();
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly), "kill-test-jvms"));
    }

    private Jvm() {
    }

    /** Starts {@code mainClass} with these environment variables and arguments. */
    public static Child start(String mainClass, Map<String, String> env, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx192m", "-Xss512k",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info"));
        command.add("-cp");
        command.add(classPath());
        command.add(mainClass);
        command.addAll(args);
        try {
            Path dir = Files.createTempDirectory("migrator-jvm-");
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(k -> (k.startsWith("MIGRATOR_") && !k.equals("MIGRATOR_PG_BIN")) || k.startsWith("PG"));
            environment.putAll(env);
            builder.redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
            Process process = builder.start();
            STARTED.add(process);
            return new Child(process, dir, String.join(" ", args));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code mainClass} and waits for it (3 minutes at most). */
    public static Finished run(String mainClass, Map<String, String> env, List<String> args) {
        try (Child child = start(mainClass, env, args)) {
            return child.await(DEFAULT_TIMEOUT);
        }
    }

    /** The test class path without surefire's own booter jars. */
    private static String classPath() {
        String cp = System.getProperty("java.class.path");
        List<String> entries = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            if (!entry.contains("surefire")) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** A started JVM. */
    public static final class Child implements AutoCloseable {
        private final Process process;
        private final Path dir;
        private final String description;

        Child(Process process, Path dir, String description) {
            this.process = process;
            this.dir = dir;
            this.description = description;
        }

        public long pid() {
            return process.pid();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** SIGKILL ({@link Process#destroyForcibly()} on Linux), then waits until it is gone. */
        public void kill() {
            process.destroyForcibly();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("process " + pid() + " survived SIGKILL");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** What it printed on standard output so far. */
        public String stdout() {
            return read("stdout");
        }

        public String stderr() {
            return read("stderr");
        }

        /** Waits for it to end; kills it and fails when it takes longer than {@code timeout}. */
        public Finished await(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill();
                    throw new AssertionError("process `" + description + "` did not finish within " + timeout
                            + "\nstdout:\n" + stdout() + "\nstderr:\n" + stderr());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            return new Finished(description, process.exitValue(), stdout(), stderr());
        }

        private String read(String name) {
            try {
                return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                kill();
            }
            STARTED.remove(process);
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temporary directory harms nothing
            }
        }
    }

    /**
     * A finished process.
     *
     * @param command  its arguments
     * @param exitCode its exit status
     * @param stdout   standard output
     * @param stderr   standard error
     */
    public record Finished(String command, int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "`" + command + "` exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }
}
