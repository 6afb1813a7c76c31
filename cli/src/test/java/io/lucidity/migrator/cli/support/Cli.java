package io.lucidity.migrator.cli.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code java -jar cli/target/migrator.jar} as a separate process, as an operator would: its own
 * environment (nothing inherited that starts with {@code MIGRATOR_} or {@code PG}, except
 * {@code MIGRATOR_PG_BIN}), its own working directory, no terminal. Every run checks that no known password
 * appears in anything it printed.
 */
public final class Cli {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static final List<Path> TEMPORARY = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Cli::deleteTemporary, "delete-cli-test-directories"));
    }

    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> classPath = new ArrayList<>();
    private Path workingDirectory;

    private Cli() {}

    /** A CLI with a clean environment and a fresh, empty working directory. */
    public static Cli create() {
        Cli cli = new Cli();
        cli.workingDirectory = tempDirectory("migrator-cli-wd");
        return cli;
    }

    /** The built jar ({@code -Dmigrator.jar}, set by the build). */
    public static Path jar() {
        String jar = System.getProperty("migrator.jar");
        assertThat(jar)
                .as("system property migrator.jar (set by the cli module's failsafe configuration)")
                .isNotNull();
        Path path = Path.of(jar);
        assertThat(path)
                .as("the shaded jar; run `mvn verify` in cli/ (package builds it)")
                .isRegularFile();
        return path;
    }

    /** A value that must never appear in any output. */
    public static void secret(String value) {
        if (value != null && !value.isEmpty()) {
            SECRETS.add(value);
        }
    }

    /** Sets an environment variable of the process. */
    public Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Sets several environment variables. */
    public Cli env(Map<String, String> variables) {
        env.putAll(variables);
        return this;
    }

    /** Removes an environment variable set earlier. */
    public Cli unset(String name) {
        env.remove(name);
        return this;
    }

    /** The process's working directory (where {@code migrator.properties} is read). */
    public Path workingDirectory() {
        return workingDirectory;
    }

    /** Adds a class path entry; the CLI is then started with {@code -cp jar:entries Main} instead of {@code -jar}. */
    public Cli classPath(Path entry) {
        classPath.add(entry.toString());
        return this;
    }

    /** Writes {@code migrator.properties} into the working directory. */
    public Cli localProperties(String content) {
        write(workingDirectory.resolve("migrator.properties"), content);
        return this;
    }

    /** Runs the CLI with these arguments and waits for it. */
    public Run run(String... args) {
        return execute(command(args), args, null);
    }

    /**
     * Runs the CLI on a pseudo-terminal (util-linux {@code script}), typing {@code input}; standard output and
     * standard error both arrive in {@link Run#stdout()}.
     */
    public Run runOnTerminal(String input, String... args) {
        String shellCommand =
                String.join(" ", command(args).stream().map(Cli::shellQuote).toList());
        return execute(List.of("script", "-qec", shellCommand, "/dev/null"), args, input);
    }

    private static String shellQuote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (classPath.isEmpty()) {
            command.add("-jar");
            command.add(jar().toString());
        } else {
            command.add("-cp");
            command.add(jar() + java.io.File.pathSeparator + String.join(java.io.File.pathSeparator, classPath));
            command.add("io.lucidity.migrator.cli.Main");
        }
        command.addAll(Arrays.asList(args));
        return command;
    }

    private Run execute(List<String> command, String[] args, String input) {
        ProcessBuilder builder = processBuilder(command);
        Path stdout = workingDirectory.resolve(".stdout");
        Path stderr = workingDirectory.resolve(".stderr");
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        long start = System.nanoTime();
        try {
            Process process = builder.start();
            if (input != null) {
                process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("migrator " + String.join(" ", args) + " did not finish within " + TIMEOUT
                        + "; stderr:\n" + Files.readString(stderr));
            }
            Run run = new Run(
                    List.of(args),
                    process.exitValue(),
                    Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8),
                    Duration.ofNanos(System.nanoTime() - start));
            for (String secret : SECRETS) {
                assertThat(run.stdout())
                        .as("stdout of %s must not hold a password", run)
                        .doesNotContain(secret);
                assertThat(run.stderr())
                        .as("stderr of %s must not hold a password", run)
                        .doesNotContain(secret);
            }
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Starts the CLI without waiting (for concurrent runs); stdout and stderr go to files in the working directory. */
    public Process start(String... args) {
        ProcessBuilder builder = processBuilder(command(args));
        builder.redirectOutput(workingDirectory.resolve(".bg-stdout").toFile())
                .redirectError(workingDirectory.resolve(".bg-stderr").toFile());
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ProcessBuilder processBuilder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        Map<String, String> environment = builder.environment();
        environment
                .keySet()
                .removeIf(k -> (k.startsWith("MIGRATOR_") && !k.equals("MIGRATOR_PG_BIN")) || k.startsWith("PG"));
        environment.putAll(env);
        return builder;
    }

    /** Creates a temporary directory, deleted with its content when the test JVM exits. */
    public static Path tempDirectory(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            TEMPORARY.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTemporary() {
        for (Path dir : TEMPORARY) {
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // best effort: a leftover temporary directory harms nothing
            }
        }
    }

    /** {@code MIGRATOR_LOCATIONS} and {@code MIGRATOR_SEEDS} of the example backend schema of the repository (examples/src/main/resources/db). */
    public static Map<String, String> examples() {
        String db = System.getProperty("migrator.examples");
        return Map.of(
                "MIGRATOR_LOCATIONS",
                "filesystem:" + db + "/migration",
                "MIGRATOR_SEEDS",
                "filesystem:" + db + "/seed");
    }

    /** Creates a directory (and its parents) if missing. */
    public static Path directory(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a UTF-8 file, creating its directory. */
    public static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
