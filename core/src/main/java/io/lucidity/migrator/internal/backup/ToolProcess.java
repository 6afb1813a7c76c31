package io.lucidity.migrator.internal.backup;

import io.lucidity.migrator.internal.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Runs a PostgreSQL client tool and captures what it prints; the password only ever travels in its environment. */
final class ToolProcess {

    /** The outcome of a run. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private ToolProcess() {
    }

    /**
     * Runs {@code command} with the inherited environment changed by {@code environment} (a null value
     * removes the variable), and waits for it.
     */
    static Result run(List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        environment.forEach((name, value) -> {
            if (value == null) {
                env.remove(name);
            } else {
                env.put(name, value);
            }
        });
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String stdout = read(process.getInputStream());
        try {
            int exit = process.waitFor();
            return new Result(exit, stdout, stderr.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for " + command.get(0), e);
        }
    }

    /** The last lines of a tool's output (at most 20), secrets masked, for a diagnostic. */
    static String tail(String output) {
        List<String> lines = output.strip().lines().toList();
        List<String> last = lines.subList(Math.max(0, lines.size() - 20), lines.size());
        return Redactor.redact(String.join("\n", last));
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
