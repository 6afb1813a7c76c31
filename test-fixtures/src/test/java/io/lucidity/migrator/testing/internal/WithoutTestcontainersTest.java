package io.lucidity.migrator.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.testing.FixtureException;
import io.lucidity.migrator.testsupport.ChildJvm;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Testcontainers is an optional dependency of the fixtures: a project without it that ends up with the docker
 * provider is told which dependency to add (forced), or served by the next provider (detected). Each case runs in
 * a child JVM whose classpath lacks Testcontainers, docker-java and JNA, as a user's would.
 */
class WithoutTestcontainersTest {
    private static String classpath;

    @BeforeAll
    static void aClasspathWithoutTheDockerProvidersJars() {
        classpath = ChildJvm.testClassPath(entry -> entry.contains("testcontainers")
                || entry.contains("docker-java")
                || entry.contains("/net/java/dev/jna/")
                || entry.contains("jna-"));
        assertThat(classpath)
                .contains("postgresql-")
                .doesNotContain("testcontainers")
                .doesNotContain("docker-java")
                .doesNotContain("/jna");
    }

    /** {@link Main} with {@code mode}, on that class path, in a JVM logging at info, its output merged. */
    private static ChildJvm.Finished run(String mode) {
        return ChildJvm.of(Main.class)
                .classPath(classpath)
                .inheritEnvironment()
                .options("-Dorg.slf4j.simpleLogger.defaultLogLevel=info")
                .args(mode)
                .mergeOutput()
                .run(Duration.ofMinutes(2));
    }

    @Test
    void forcedDockerNamesTheMavenDependencyToAdd() throws Exception {
        ChildJvm.Finished result = run("forced");

        assertThat(result.output())
                .contains("testcontainers absent")
                .contains("FixtureException: MIGRATOR_TEST_PROVIDER=docker, but Testcontainers is not on the test "
                        + "classpath")
                .contains("<groupId>org.testcontainers</groupId>")
                .contains("<artifactId>testcontainers-postgresql</artifactId>")
                .contains("<version>" + Versions.testcontainers() + "</version>")
                .contains("<scope>test</scope>")
                .doesNotContain("NoClassDefFoundError");
        assertThat(Versions.testcontainers()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void detectedDockerWithoutTestcontainersFallsToTheLocalProviderAndSaysWhy() throws Exception {
        ChildJvm.Finished result = run("auto");

        assertThat(result.output())
                .contains("testcontainers absent")
                .contains("A Docker daemon answers, but Testcontainers is not on the test classpath; using the "
                        + "local provider")
                .contains("<artifactId>testcontainers-postgresql</artifactId>")
                .contains("chose local")
                .doesNotContain("NoClassDefFoundError");
        assertThat(result.exitCode()).isZero();
    }

    /** The child: chooses a provider as {@link Fixtures#get()} does, with a daemon that answers. */
    public static final class Main {
        public static void main(String[] args) {
            System.out.println(Fixtures.testcontainersPresent() ? "testcontainers present" : "testcontainers absent");
            Env env = Env.of(args[0].equals("forced") ? Map.of(Env.PROVIDER, "docker") : Map.of());
            try {
                Server chosen = Fixtures.startServer(env, () -> true, () -> new Local());
                System.out.println("chose " + chosen.provider());
            } catch (FixtureException e) {
                System.out.println(e);
                System.exit(3);
            }
        }
    }

    /** Stands in for the local provider: only the choice is under test. */
    private static final class Local implements Server {
        @Override
        public String provider() {
            return "local";
        }

        @Override
        public String jdbcUrl(String database) {
            return "jdbc:postgresql://localhost/" + database;
        }

        @Override
        public String maintenanceDatabase() {
            return "postgres";
        }

        @Override
        public String user() {
            return "postgres";
        }

        @Override
        public String password() {
            return null;
        }

        @Override
        public boolean throwaway() {
            return true;
        }

        @Override
        public Optional<String> localOsUser() {
            return Optional.empty();
        }
    }
}
