package io.lucidity.migrator.testing.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Starts a main class of the test classpath in a new JVM, as a build tool starts a test JVM. */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** The test classpath (surefire's, else this JVM's), without the entries {@code drop} matches. */
    public static String classpath(Predicate<String> drop) {
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(full.split(File.pathSeparator)).filter(drop.negate())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** A process builder for {@code main} with {@code args}, environment {@code env} added, output to {@code log}. */
    public static ProcessBuilder builder(String classpath, Class<?> main, Map<String, String> env, Path log,
                                         String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", classpath, "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder;
    }

    /** Runs {@code main} to its end (at most two minutes) and returns its exit code and output. */
    public static Result run(String classpath, Class<?> main, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("migrator-child-", ".log");
        try {
            Process process = builder(classpath, main, env, log, args).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("The child JVM did not end in 2 minutes:\n" + Files.readString(log));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** A child JVM's exit code and output (stdout and stderr). */
    public record Result(int exitCode, String output) {
    }
}
