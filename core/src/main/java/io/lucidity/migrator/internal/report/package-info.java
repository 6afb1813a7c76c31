/** Internal: may change without notice. */
package io.lucidity.migrator.internal.report;
