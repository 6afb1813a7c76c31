package io.lucidity.migrator.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.builder.Version;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusProdModeTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged application (JVM mode, its own process) started with {@code quarkus.init-and-exit=true}, as a
 * Kubernetes init job: it upgrades the database to the example schema's head, seeds it and exits with 0.
 */
class InitAndExitTest {
    static final TestDatabase DATABASE = new TestDatabase("init-and-exit");

    @RegisterExtension
    static final QuarkusProdModeTest APP = withDatabase(new QuarkusProdModeTest()
            .withApplicationRoot(jar -> jar.addClass(User.class))
            .setApplicationName("init-and-exit")
            .setApplicationVersion("1.0")
            .setRuntimeProperties(Map.of("quarkus.init-and-exit", "true"))
            // The packaged application gets the extensions and the example schema it needs, as an application would.
            .setForcedDependencies(List.of(
                    Dependency.of("io.quarkus", "quarkus-jdbc-postgresql", Version.getVersion()),
                    Dependency.of("io.quarkus", "quarkus-vertx-http", Version.getVersion()),
                    Dependency.of("io.lucidity", "migrator-examples", "0.1.0-SNAPSHOT")))
            .setRun(true)
            .setExpectExit(true));

    private static QuarkusProdModeTest withDatabase(QuarkusProdModeTest test) {
        DATABASE.defaultDataSourceProperties().forEach(test::overrideConfigKey);
        return test;
    }

    @Test
    void upgradesTheDatabaseAndExits() {
        assertThat(APP.getExitCode()).as(APP.getStartupConsoleOutput()).isEqualTo(0);
        assertThat(APP.getStartupConsoleOutput()).contains("upgraded from base to 7");
        assertThat(DATABASE.query("SELECT max(version::int) FROM flyway_schema_history WHERE success"))
                .isEqualTo("7");
        assertThat(DATABASE.query("SELECT count(*) FROM users WHERE role = 'admin'"))
                .isEqualTo("1");
    }
}
