/**
 * What the modules' tests share: {@link io.lucidity.migrator.testsupport.TestServer} (the tests' PostgreSQL and
 * whether it has pgvector), {@link io.lucidity.migrator.testsupport.FreshDatabase} (an empty database per test),
 * {@link io.lucidity.migrator.testsupport.MigrationFiles} (migration and seed files in a temporary directory),
 * {@link io.lucidity.migrator.testsupport.ChildJvm} (a separate JVM on the test class path) and
 * {@link io.lucidity.migrator.testsupport.LockKey} (the migration lock's key, for a second session to take it).
 *
 * <p>Test scope only, never published. It depends on no Migrator module but embedded-postgres (core's own tests
 * use it); what needs core's API stays in the module that uses it.
 */
package io.lucidity.migrator.testsupport;
