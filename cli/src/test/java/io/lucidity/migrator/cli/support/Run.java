package io.lucidity.migrator.cli.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * One finished run of the CLI.
 *
 * @param args     its arguments
 * @param exitCode its exit code
 * @param stdout   what it printed on standard output
 * @param stderr   what it printed on standard error
 * @param took     how long the process ran
 */
public record Run(List<String> args, int exitCode, String stdout, String stderr, Duration took) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Asserts that the command succeeded (exit code 0). */
    public Run ok() {
        return exits(0);
    }

    /** Asserts the exit code. */
    public Run exits(int expected) {
        org.assertj.core.api.Assertions.assertThat(exitCode)
                .as("exit code of %s", this)
                .isEqualTo(expected);
        return this;
    }

    /** Standard output parsed as exactly one JSON document (fails the test otherwise). */
    public JsonNode json() {
        try {
            return JSON.readerFor(JsonNode.class)
                    .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readValue(stdout);
        } catch (IOException e) {
            throw new AssertionError("stdout of " + this + " is not one JSON document: " + e.getMessage(), e);
        }
    }

    /** Standard output's lines. */
    public List<String> lines() {
        return stdout.lines().toList();
    }

    @Override
    public String toString() {
        return "migrator " + String.join(" ", args) + " (exit " + exitCode + ")\n--- stdout:\n" + stdout
                + "--- stderr:\n" + stderr;
    }
}
