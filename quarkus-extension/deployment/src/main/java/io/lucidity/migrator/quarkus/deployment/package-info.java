/** Internal: may change without notice. The build steps of the Quarkus extension. */
package io.lucidity.migrator.quarkus.deployment;
