package io.lucidity.migrator.testing.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The versions of Migrator core and of the fixtures, part of every template key. */
final class Versions {
    private static final String MIGRATOR = read("/io/lucidity/migrator/version.properties", "migrator.version");
    private static final String FIXTURES = read("/io/lucidity/migrator/testing/version.properties", "fixtures.version");
    private static final String TESTCONTAINERS =
            read("/io/lucidity/migrator/testing/version.properties", "testcontainers.version");

    private Versions() {}

    static String migrator() {
        return MIGRATOR;
    }

    static String fixtures() {
        return FIXTURES;
    }

    /** The Testcontainers version the fixtures were built and tested with. */
    static String testcontainers() {
        return TESTCONTAINERS;
    }

    private static String read(String resource, String key) {
        try (InputStream in = Versions.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty(key, "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
