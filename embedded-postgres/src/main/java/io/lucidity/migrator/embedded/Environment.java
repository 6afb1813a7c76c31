package io.lucidity.migrator.embedded;

import java.util.Map;

/** Reads environment variables; replaceable in tests. Blank values count as unset. */
@FunctionalInterface
interface Environment {

    String JDBC_URL = "MIGRATOR_TEST_JDBC_URL";
    String USER = "MIGRATOR_TEST_USER";
    String PASSWORD = "MIGRATOR_TEST_PASSWORD";
    String PROVIDER = "MIGRATOR_TEST_PROVIDER";
    String PG_BIN = "MIGRATOR_PG_BIN";
    String PGPASSWORD = "PGPASSWORD";

    /** Returns the raw value of the variable, or {@code null}. */
    String raw(String name);

    /** Returns the value of the variable, or {@code null} when it is unset or blank. */
    default String get(String name) {
        String value = raw(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Tells whether the variable is set to a non-blank value. */
    default boolean isSet(String name) {
        return get(name) != null;
    }

    /** The JVM's real environment. */
    static Environment system() {
        return System::getenv;
    }

    /** A fixed environment, for tests. */
    static Environment of(Map<String, String> variables) {
        Map<String, String> copy = Map.copyOf(variables);
        return copy::get;
    }
}
