/** Internal: may change without notice. Measures the locks pending migrations take, on a scratch copy of the schema. */
package io.lucidity.migrator.internal.lint;
