package io.lucidity.migrator.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A main class of the test class path in a separate JVM, as a second application instance, the CLI or a build tool
 * would run it: its own process, its own environment (by default nothing inherited that starts with
 * {@code MIGRATOR_} or {@code PG}, except {@code MIGRATOR_PG_BIN}), standard output and error in files. Every
 * process started here is killed at the latest when the test JVM exits.
 *
 * <pre>{@code
 * ChildJvm.Finished run = ChildJvm.of(UpgradeMain.class).env("MIGRATOR_PASSWORD", pw).args(url).run(Duration.ofMinutes(1));
 * }</pre>
 */
public final class ChildJvm {
    /** A small JVM that starts quickly (C1 only, serial GC, 192 MB heap), for tests that start many at once. */
    public static final List<String> LEAN =
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx192m", "-Xss512k");

    private static final List<Process> STARTED = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly), "kill-test-jvms"));
    }

    private final String mainClass;
    private final List<String> options = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private String classPath = testClassPath(entry -> false);
    private boolean inheritEnvironment;
    private boolean mergeOutput;

    private ChildJvm(String mainClass) {
        this.mainClass = mainClass;
    }

    /** A JVM that will run {@code mainClass}. */
    public static ChildJvm of(String mainClass) {
        return new ChildJvm(mainClass);
    }

    /** A JVM that will run {@code mainClass}. */
    public static ChildJvm of(Class<?> mainClass) {
        return of(mainClass.getName());
    }

    /**
     * The test class path (surefire's, else this JVM's) without surefire's own jars and without the entries
     * {@code drop} matches.
     */
    public static String testClassPath(Predicate<String> drop) {
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(full.split(File.pathSeparator))
                .filter(entry -> !entry.contains("surefire"))
                .filter(drop.negate())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** Runs with this class path instead of the whole test class path. */
    public ChildJvm classPath(String classPath) {
        this.classPath = classPath;
        return this;
    }

    /** Adds JVM options ({@code -D..}, {@code -X..}), before the main class. */
    public ChildJvm options(String... options) {
        return options(List.of(options));
    }

    /** Adds JVM options. */
    public ChildJvm options(List<String> options) {
        this.options.addAll(options);
        return this;
    }

    /** Adds arguments of the main class. */
    public ChildJvm args(String... args) {
        return args(List.of(args));
    }

    /** Adds arguments of the main class. */
    public ChildJvm args(List<String> args) {
        this.args.addAll(args);
        return this;
    }

    /** Sets an environment variable. */
    public ChildJvm env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Sets environment variables. */
    public ChildJvm env(Map<String, String> variables) {
        env.putAll(variables);
        return this;
    }

    /** Keeps the test JVM's whole environment (the {@code MIGRATOR_*} and {@code PG*} variables too). */
    public ChildJvm inheritEnvironment() {
        this.inheritEnvironment = true;
        return this;
    }

    /** Standard error into standard output, interleaved as written ({@link Finished#stdout()}; stderr stays empty). */
    public ChildJvm mergeOutput() {
        this.mergeOutput = true;
        return this;
    }

    /** Starts it without waiting. */
    public Child start() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The JVM's own warnings ([1.234s][warning][os,thread] ...) go to standard output by default and would
        // corrupt a child's --json document on a loaded machine: send them to standard error.
        command.add("-Xlog:all=warning:stderr");
        command.addAll(options);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        try {
            Path dir = Files.createTempDirectory("migrator-jvm-");
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
            Map<String, String> environment = builder.environment();
            if (!inheritEnvironment) {
                environment
                        .keySet()
                        .removeIf(
                                k -> (k.startsWith("MIGRATOR_") && !k.equals("MIGRATOR_PG_BIN")) || k.startsWith("PG"));
            }
            environment.putAll(env);
            builder.redirectOutput(dir.resolve("stdout").toFile());
            if (mergeOutput) {
                builder.redirectErrorStream(true);
            } else {
                builder.redirectError(dir.resolve("stderr").toFile());
            }
            Process process = builder.start();
            STARTED.add(process);
            String description = Stream.concat(
                            Stream.of(mainClass.substring(mainClass.lastIndexOf('.') + 1)), args.stream())
                    .collect(Collectors.joining(" "));
            return new Child(process, dir, description);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs it and waits for it; kills it and fails when it takes longer than {@code timeout}. */
    public Finished run(Duration timeout) {
        try (Child child = start()) {
            return child.await(timeout);
        }
    }

    /** A started JVM; closing it kills it if still running and deletes its output files. */
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

        /** The process, e.g. to find the processes it started ({@code toHandle().descendants()}). */
        public ProcessHandle handle() {
            return process.toHandle();
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

        /** What it printed on standard output so far (and on standard error, with {@link #mergeOutput()}). */
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
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temporary directory harms nothing
            }
        }
    }

    /**
     * A finished process.
     *
     * @param command  its main class's simple name and its arguments
     * @param exitCode its exit status
     * @param stdout   standard output (with standard error interleaved, after {@link ChildJvm#mergeOutput()})
     * @param stderr   standard error (empty after {@link ChildJvm#mergeOutput()})
     */
    public record Finished(String command, int exitCode, String stdout, String stderr) {
        /** Everything it printed: standard output, then standard error. */
        public String output() {
            return stdout + stderr;
        }

        @Override
        public String toString() {
            return "`" + command + "` exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }
}
