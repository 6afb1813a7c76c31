package io.lucidity.migrator.embedded;

/**
 * The outcome of a finished external process.
 *
 * @param exitCode the process's exit code ({@code 0} means success)
 * @param stdout everything it wrote to standard output
 * @param stderr everything it wrote to standard error
 */
public record ProcessResult(int exitCode, String stdout, String stderr) {

    /**
     * Tells whether the process succeeded.
     *
     * @return {@code true} when the exit code is {@code 0}
     */
    public boolean succeeded() {
        return exitCode == 0;
    }
}
