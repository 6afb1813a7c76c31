/**
 * Internal: may change without notice. Backup and restore of the whole database with the server's own
 * {@code pg_dump} and {@code pg_restore} ({@code migrator backup}, {@code upgrade --backup}, {@code restore}).
 */
package io.lucidity.migrator.internal.backup;
