package io.lucidity.migrator.testsupport;

import io.lucidity.migrator.embedded.EmbeddedPostgres;
import java.util.Map;

/**
 * The throwaway PostgreSQL server of the tests, and whether it has pgvector.
 *
 * <p>By default (the normal build) the server must provide pgvector and configurations keep Migrator's default
 * extension {@code vector}, exactly as a user's would. The {@code pg18} Maven profile runs the tests on a server
 * without pgvector: it sets {@value #VECTOR_PROPERTY}{@code =false}, excludes the tests tagged {@value #VECTOR_TAG}
 * (those need pgvector), and the rest then configure no required extension ({@code extensions("none")},
 * {@code MIGRATOR_EXTENSIONS=none}) and start the server without requiring {@code vector}. It also sets
 * {@value #MAJOR_PROPERTY}, so that a server of another major version (e.g. binaries found elsewhere) fails the run
 * instead of passing unnoticed.
 */
public final class TestServer {
    /** System property: {@code false} when the server has no pgvector. Default {@code true}. */
    public static final String VECTOR_PROPERTY = "migrator.test.vector";
    /** System property: the PostgreSQL major version the server must have; unset means any. */
    public static final String MAJOR_PROPERTY = "migrator.test.pgMajor";
    /** JUnit tag of the tests that need pgvector; the {@code pg18} profile excludes them. */
    public static final String VECTOR_TAG = "vector";
    /** The extensions setting of a configuration on a server without pgvector. */
    public static final String NO_EXTENSION = "none";

    private static final Object LOCK = new Object();
    private static EmbeddedPostgres withoutVector;
    private static RuntimeException failure;

    private TestServer() {}

    /** Tells whether the tests' server has pgvector (and configurations require it, Migrator's default). */
    public static boolean vector() {
        return !"false"
                .equalsIgnoreCase(System.getProperty(VECTOR_PROPERTY, "true").trim());
    }

    /**
     * The server shared by the tests of this JVM: {@link EmbeddedPostgres#shared()} (pgvector required), or,
     * without pgvector, one server of this JVM started without requiring an extension (deleted at JVM exit).
     */
    public static EmbeddedPostgres shared() {
        if (vector()) {
            return checked(EmbeddedPostgres.shared());
        }
        synchronized (LOCK) {
            if (withoutVector == null && failure == null) {
                try {
                    withoutVector = checked(
                            EmbeddedPostgres.builder().requireNoExtension().start());
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw new IllegalStateException(
                        "the tests' PostgreSQL server did not start: " + failure.getMessage(), failure);
            }
            return withoutVector;
        }
    }

    /** A builder for a server of one's own, requiring pgvector only where the tests have it. */
    public static EmbeddedPostgres.Builder builder() {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        return vector() ? builder : builder.requireNoExtension();
    }

    /**
     * For a process configured from {@code MIGRATOR_*} variables: nothing with pgvector (the default {@code vector}
     * stays), else {@code MIGRATOR_EXTENSIONS=none}.
     */
    public static void extensions(Map<String, String> env) {
        if (!vector()) {
            env.put("MIGRATOR_EXTENSIONS", NO_EXTENSION);
        }
    }

    /** Fails when {@value #MAJOR_PROPERTY} names another major version than the server's. */
    public static EmbeddedPostgres checked(EmbeddedPostgres server) {
        String expected = System.getProperty(MAJOR_PROPERTY, "").trim();
        if (!expected.isEmpty() && Integer.parseInt(expected) != server.majorVersion()) {
            throw new IllegalStateException("the tests must run on PostgreSQL " + expected + " (" + MAJOR_PROPERTY
                    + ") but the server is PostgreSQL " + server.serverVersion() + " (" + server + ")");
        }
        return server;
    }
}
