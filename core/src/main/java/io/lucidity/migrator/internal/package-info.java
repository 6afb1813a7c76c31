/**
 * Internal: may change without notice. Only {@code io.lucidity.migrator} is public API.
 *
 * <p>{@link io.lucidity.migrator.internal.Workspace} is what every command works on (configuration, connections,
 * bookkeeping tables, this build's migrations and seeds). The commands are static {@code run(workspace, ...)}
 * units: {@link io.lucidity.migrator.internal.Upgrade} and {@link io.lucidity.migrator.internal.Seed} here,
 * {@code repair.Stamp}, {@code repair.Repair}, {@code repair.Downgrade}, {@code backup.Backup},
 * {@code backup.Restore}; the read-only views are in {@code inspect.Inspection}. The check at head is
 * {@code FastPath}, the shared refusals {@link io.lucidity.migrator.internal.Guards} (over the state already read),
 * the shared diagnostics {@code Diagnostics}.
 */
package io.lucidity.migrator.internal;
