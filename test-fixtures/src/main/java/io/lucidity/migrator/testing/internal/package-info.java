/**
 * Internal: may change without notice. The server providers, template cache, clone pool, sweeper and the
 * catalog queries behind {@link io.lucidity.migrator.testing}.
 */
package io.lucidity.migrator.testing.internal;
