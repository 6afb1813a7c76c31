package io.lucidity.migrator.spring;

import io.lucidity.migrator.testsupport.FreshDatabase;

/**
 * A fresh database of the test-support module ({@link FreshDatabase}: the JVM's throwaway PostgreSQL server, pgvector
 * installed), for one test class or test, with its {@code spring.datasource.*} properties.
 */
final class TestDatabase extends FreshDatabase {

    static TestDatabase create() {
        return new TestDatabase();
    }

    /** {@code spring.datasource.*} properties for this database. */
    String[] dataSourceProperties() {
        return new String[] {
            "spring.datasource.url=" + url(),
            "spring.datasource.username=" + user(),
            "spring.datasource.password=" + password()
        };
    }
}
