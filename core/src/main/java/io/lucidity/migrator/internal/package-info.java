/** Internal: may change without notice. Only {@code io.lucidity.migrator} is public API. */
package io.lucidity.migrator.internal;
