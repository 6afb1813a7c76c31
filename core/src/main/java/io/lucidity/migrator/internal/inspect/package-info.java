/** Internal: may change without notice. Read-only views: current, history, status, check, plan. */
package io.lucidity.migrator.internal.inspect;
