/**
 * A throwaway PostgreSQL server for tests, the demo and test fixtures.
 *
 * <p>{@link io.lucidity.migrator.embedded.EmbeddedPostgres} either starts a private cluster from
 * the PostgreSQL server binaries installed on the machine ({@code LOCAL}: {@code initdb} into a
 * temporary directory, a free port on 127.0.0.1, deleted again on close or at JVM exit), or uses
 * a running server named by the {@code MIGRATOR_TEST_JDBC_URL} environment variable
 * ({@code EXTERNAL}). Either way it hands out JDBC URLs, data sources and fresh, uniquely named
 * databases, and it checks up front that required extensions (by default {@code vector}, i.e.
 * pgvector) are available.
 *
 * <p>Environment variables:
 * <ul>
 *   <li>{@code MIGRATOR_TEST_JDBC_URL}: use this running server instead of starting one;</li>
 *   <li>{@code MIGRATOR_TEST_USER}, {@code MIGRATOR_TEST_PASSWORD}: its credentials (else the
 *       URL's {@code user}/{@code password} parameters, else {@code postgres} and
 *       {@code PGPASSWORD});</li>
 *   <li>{@code MIGRATOR_TEST_PROVIDER}: {@code local} or {@code external}, forces the provider
 *       that {@code AUTO} picks;</li>
 *   <li>{@code MIGRATOR_PG_BIN}: directory holding {@code initdb}, {@code pg_ctl} and
 *       {@code postgres}, instead of discovering it.</li>
 * </ul>
 *
 * <p>Every failure is an {@link io.lucidity.migrator.embedded.EmbeddedPostgresException} whose
 * message says what went wrong and what to install or set.
 */
package io.lucidity.migrator.embedded;
