package io.lucidity.migrator.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;

/**
 * Other auto-configurations and optional classes are named as strings; a name that moved between Boot versions
 * would make an ordering or condition vanish silently. This checks each name against the Boot on the classpath,
 * and that the registration files name existing classes.
 */
class AutoConfigurationNamesTest {

    @Test
    void everyClassNamedInTheAutoConfigurationsExists() throws Exception {
        List<String> names = new ArrayList<>();
        for (String autoConfiguration : imports()) {
            Class<?> type = Class.forName(autoConfiguration);
            AutoConfiguration ordering = type.getAnnotation(AutoConfiguration.class);
            assertThat(ordering).as(autoConfiguration).isNotNull();
            names.addAll(Arrays.asList(ordering.afterName()));
            names.addAll(Arrays.asList(ordering.beforeName()));
            collectConditionalOnClassNames(type, names);
        }
        assertThat(names)
                .contains(
                        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");
        for (String name : names) {
            assertThat(Class.forName(name, false, getClass().getClassLoader()))
                    .as(name)
                    .isNotNull();
        }
    }

    @Test
    void springFactoriesNameTheDetectorAndTheFailureAnalyzer() throws Exception {
        Properties factories = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring.factories")) {
            factories.load(in);
        }
        assertThat(Class.forName(factories.getProperty(
                        "org.springframework.boot.sql.init.dependency.DatabaseInitializerDetector")))
                .isEqualTo(MigratorDatabaseInitializerDetector.class);
        assertThat(Class.forName(factories.getProperty("org.springframework.boot.diagnostics.FailureAnalyzer")))
                .isEqualTo(MigratorFailureAnalyzer.class);
    }

    private static void collectConditionalOnClassNames(Class<?> type, List<String> names) {
        ConditionalOnClass condition = type.getAnnotation(ConditionalOnClass.class);
        if (condition != null) {
            names.addAll(Arrays.asList(condition.name()));
        }
        for (Class<?> nested : type.getDeclaredClasses()) {
            collectConditionalOnClassNames(nested, names);
        }
    }

    private static List<String> imports() throws IOException {
        String path = "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";
        try (InputStream in = AutoConfigurationNamesTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        }
    }
}
