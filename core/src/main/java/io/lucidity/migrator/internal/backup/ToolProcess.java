package io.lucidity.migrator.internal.backup;

import io.lucidity.migrator.internal.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs a PostgreSQL client tool and captures what it prints; the password only ever travels in its environment.
 *
 * <p>The tool dies with this JVM, even on SIGKILL, so that a pg_restore never runs on without the migration lock
 * its JVM held. The JVM cannot ask the kernel for that itself (no {@code PR_SET_PDEATHSIG}), so the tool is started
 * by a small {@code /bin/sh} wrapper ({@link #WRAPPER}) whose standard input is a pipe whose write end only this
 * JVM holds (the JDK closes every other descriptor in the processes it starts). The wrapper starts the tool in the
 * background, with {@code /dev/null} as its input, and a watcher that reads the pipe: the read returns end-of-file
 * only when the write end is closed, which the kernel does when the JVM dies, however it dies. The watcher then
 * sends the tool SIGTERM, and SIGKILL 5 seconds later. On the normal path the JVM keeps the pipe open until the
 * wrapper has exited: the wrapper waits for the tool, stops the watcher, and exits with the tool's exit status; the
 * tool writes straight to the JVM's stdout and stderr pipes, so its output is what it was without the wrapper.
 * No polling. The tools run here (pg_dump -Fc, pg_restore --single-transaction, --list, --version) are single
 * processes; a tool started with {@code --jobs} would need its process group killed instead. Without
 * {@code /bin/sh} (Windows) the tool is started directly and lacks this guarantee.
 */
final class ToolProcess {
    /** The wrapper script: {@code sh -c WRAPPER migrator-tool TOOL ARGS...}. */
    private static final String WRAPPER = """
            exec 3<&0
            "$@" </dev/null 3<&- &
            tool=$!
            { while read -r _; do :; done; kill -TERM "$tool"; sleep 5; kill -KILL "$tool"; } <&3 >/dev/null 2>&1 &
            watcher=$!
            exec 3<&-
            wait "$tool" 2>/dev/null
            status=$?
            kill "$watcher" 2>/dev/null
            exit "$status"
            """;

    private static final Path SHELL = Path.of("/bin/sh");

    /** The outcome of a run. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private ToolProcess() {}

    /**
     * Runs {@code command} with the inherited environment changed by {@code environment} (a null value
     * removes the variable), and waits for it. The tool ends when this JVM ends.
     *
     * @throws IOException when the tool cannot be started (as {@link ProcessBuilder#start()} says)
     */
    @SuppressWarnings("try") // the lifeline is only closed, never written: closing it makes the watcher end the tool
    static Result run(List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(withWatcher(command));
        Map<String, String> env = builder.environment();
        environment.forEach((name, value) -> {
            if (value == null) {
                env.remove(name);
            } else {
                env.put(name, value);
            }
        });
        Process process = builder.start();
        try (OutputStream lifeline = process.getOutputStream()) {
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String stdout = read(process.getInputStream());
            return new Result(process.waitFor(), stdout, stderr.join());
        } catch (UncheckedIOException | CompletionException e) {
            // Reading the tool's output failed: an IOException like starting it, so the caller's diagnostic applies.
            process.destroyForcibly();
            Throwable cause = e;
            while (cause != null && !(cause instanceof IOException)) {
                cause = cause.getCause();
            }
            throw cause instanceof IOException io ? io : new IOException(e);
        } catch (InterruptedException e) {
            // Closing the lifeline (on leaving the try) makes the watcher end the tool.
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for " + command.get(0), e);
        }
    }

    /** The command run through the wrapper, when there is a {@code /bin/sh}; as it is otherwise. */
    private static List<String> withWatcher(List<String> command) throws IOException {
        if (!Files.isExecutable(SHELL)) {
            return command;
        }
        Path tool = Path.of(command.get(0));
        if (!Files.isRegularFile(tool) || !Files.isExecutable(tool)) {
            // As ProcessBuilder#start() would say, rather than the shell's exit 126 or 127.
            throw new IOException("Cannot run program \"" + tool + "\": not an executable file");
        }
        List<String> wrapped = new ArrayList<>(List.of(SHELL.toString(), "-c", WRAPPER, "migrator-tool"));
        wrapped.addAll(command);
        return wrapped;
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
