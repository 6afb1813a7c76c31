package io.lucidity.migrator.testing.internal;

import java.util.Locale;
import java.util.Map;

/** The environment variables the fixtures read; replaceable in tests. Blank values count as unset. */
@FunctionalInterface
public interface Env {
    /** external, docker or local; detected in that order when unset. */
    String PROVIDER = "MIGRATOR_TEST_PROVIDER";
    /** The JDBC URL of a running server, for the external provider. */
    String JDBC_URL = "MIGRATOR_TEST_JDBC_URL";
    /** The image of the docker provider. */
    String DOCKER_IMAGE = "MIGRATOR_TEST_DOCKER_IMAGE";
    /** How many clones of each template are prepared ahead. */
    String POOL_SIZE = "MIGRATOR_TEST_POOL_SIZE";
    /** Most connections all tests of the JVM hold at once. */
    String MAX_CONNECTIONS = "MIGRATOR_TEST_MAX_CONNECTIONS";
    /** Keep the database of every failed test. */
    String KEEP_ON_FAILURE = "MIGRATOR_TEST_KEEP_ON_FAILURE";
    /** Where the local provider keeps its databases: a RAM directory (default /dev/shm), off, or a directory. */
    String RAM_TABLESPACE = "MIGRATOR_TEST_RAM_TABLESPACE";

    /** The raw value, or null. */
    String raw(String name);

    /** The trimmed value, or null when unset or blank. */
    default String get(String name) {
        String value = raw(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The value, or {@code fallback} when unset. */
    default String get(String name, String fallback) {
        String value = get(name);
        return value == null ? fallback : value;
    }

    /** True for {@code true}, {@code yes}, {@code 1} or {@code on}. */
    default boolean flag(String name) {
        String value = get(name);
        return value != null
                && switch (value.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "1", "on" -> true;
                    default -> false;
                };
    }

    /**
     * A positive integer, or {@code fallback} when unset.
     *
     * @throws io.lucidity.migrator.testing.FixtureException when set to anything else
     */
    default int positiveInt(String name, int fallback) {
        String value = get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new io.lucidity.migrator.testing.FixtureException(
                name + " must be a whole number of 0 or more, not '" + value + "'. Correct or unset it.");
    }

    /** The process environment. */
    static Env system() {
        return System::getenv;
    }

    /** A fixed environment, for tests. */
    static Env of(Map<String, String> variables) {
        Map<String, String> copy = Map.copyOf(variables);
        return copy::get;
    }
}
