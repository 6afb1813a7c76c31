package io.lucidity.migrator.spring.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Boot application as a user writes it from docs/spring.md: the starter, JPA, JdbcTemplate and the actuator,
 * over the example schema (migrations and seeds from {@code migrator-examples} on the classpath).
 */
@SpringBootApplication
public class ExampleApplication {}
