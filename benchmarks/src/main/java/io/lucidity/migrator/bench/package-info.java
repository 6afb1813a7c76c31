/**
 * Comparison benchmarks: Migrator, Flyway, Liquibase and {@code psql --single-transaction} on the same generated
 * migration sets and the same PostgreSQL, in one run. Not run by the build: {@code scripts/bench.sh}.
 */
package io.lucidity.migrator.bench;
