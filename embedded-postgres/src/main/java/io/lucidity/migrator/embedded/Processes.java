package io.lucidity.migrator.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs external commands, capturing their output into temporary files (never blocking on pipes). */
final class Processes {

    private Processes() {}

    /**
     * Runs a command to completion.
     *
     * @param command the program and its arguments
     * @param extraEnvironment variables to set; inherited {@code PG*} variables are removed first so
     *     that they cannot redirect PostgreSQL tools to another server or data directory
     * @param workingDirectory the directory to run in, or {@code null} for the JVM's
     * @param timeout how long to wait before killing the process
     * @throws EmbeddedPostgresException when the program cannot be started or times out
     */
    static ProcessResult run(
            List<String> command, Map<String, String> extraEnvironment, Path workingDirectory, Duration timeout) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("migrator-pg-out-", ".txt");
            err = Files.createTempFile("migrator-pg-err-", ".txt");
            Process process = start(command, extraEnvironment, workingDirectory, out, err);
            int exitCode = await(process, command, timeout);
            return new ProcessResult(exitCode, read(out), read(err));
        } catch (IOException e) {
            throw new EmbeddedPostgresException(
                    "Could not run `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static Process start(
            List<String> command, Map<String, String> extraEnvironment, Path workingDirectory, Path out, Path err)
            throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        builder.environment().putAll(extraEnvironment);
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    private static int await(Process process, List<String> command, Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new EmbeddedPostgresException("`" + String.join(" ", command) + "` did not finish within "
                    + timeout.toSeconds() + " s and was killed.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new EmbeddedPostgresException(
                    "Interrupted while waiting for `" + String.join(" ", command) + "`.", e);
        }
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover empty temp file is harmless
        }
    }
}
