/** Internal: may change without notice. Operator repairs: stamp, repair, downgrade. */
package io.lucidity.migrator.internal.repair;
