package io.lucidity.migrator.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM (or any command) timed from outside: wall time from start to exit, peak RSS from
 * {@code /usr/bin/time -f %M} when present, and its standard output.
 */
final class ChildProcess {
    private static final Path GNU_TIME = Path.of("/usr/bin/time");

    /** The outcome. */
    record Result(int exit, double wallMs, long peakRssKb, String stdout, String stderr) {
        /** The in-process milliseconds a {@link OneShot} printed, or NaN. */
        double inProcessMs() {
            for (String line : stdout.split("\n")) {
                if (line.startsWith("BENCH_INPROC_MS ")) {
                    return Double.parseDouble(line.split(" ")[1]);
                }
            }
            return Double.NaN;
        }

        Result requireOk(String what) {
            if (exit != 0) {
                throw new IllegalStateException(
                        what + " exited with " + exit + "\nstdout: " + tail(stdout) + "\nstderr: " + tail(stderr));
            }
            return this;
        }

        private static String tail(String s) {
            return s.length() <= 3000 ? s : "..." + s.substring(s.length() - 3000);
        }
    }

    private final List<String> command;
    private final Map<String, String> env;
    private Process process;
    private Path rss;
    private Path out;
    private Path err;
    private long start;
    /** Set when the process exits, so that children awaited one after another are timed each to its own exit. */
    private java.util.concurrent.CompletableFuture<Long> end;

    ChildProcess(List<String> command, Map<String, String> env) {
        this.command = command;
        this.env = env;
    }

    /** A JVM on the harness's own class path running {@code mainClass}. */
    static ChildProcess java(List<String> jvmArgs, String mainClass, List<String> args, Map<String, String> env) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return new ChildProcess(cmd, env);
    }

    /** {@code java [jvmArgs] -jar jar args}. */
    static ChildProcess jar(List<String> jvmArgs, Path jar, List<String> args, Map<String, String> env) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(args);
        return new ChildProcess(cmd, env);
    }

    ChildProcess start() throws IOException {
        List<String> full = new ArrayList<>();
        rss = Files.createTempFile("bench-rss", ".txt");
        out = Files.createTempFile("bench-out", ".txt");
        err = Files.createTempFile("bench-err", ".txt");
        if (Files.isExecutable(GNU_TIME)) {
            full.addAll(List.of(GNU_TIME.toString(), "-f", "%M", "-o", rss.toString()));
        }
        full.addAll(command);
        ProcessBuilder pb =
                new ProcessBuilder(full).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        start = System.nanoTime();
        process = pb.start();
        end = process.onExit().thenApply(p -> System.nanoTime());
        return this;
    }

    Result await() throws IOException, InterruptedException {
        if (!process.waitFor(60, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        double wall = (end.join() - start) / 1e6;
        long kb = -1;
        String text = Files.readString(rss, StandardCharsets.UTF_8).trim();
        if (!text.isEmpty()) {
            String[] lines = text.split("\n");
            try {
                kb = Long.parseLong(lines[lines.length - 1].trim());
            } catch (NumberFormatException ignored) {
                kb = -1;
            }
        }
        Result r = new Result(process.exitValue(), wall, kb, Files.readString(out), Files.readString(err));
        Files.deleteIfExists(rss);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    Result run() throws IOException, InterruptedException {
        return start().await();
    }
}
