/**
 * Internal: may change without notice. The run-time half of the Quarkus extension: configuration mappings
 * ({@code quarkus.migrator.*}), the recorder that runs the upgrade at RUNTIME_INIT, and the readiness check.
 */
package io.lucidity.migrator.quarkus.runtime;
