/**
 * Internal: may change without notice. The lock-hazard linter: {@link io.lucidity.migrator.internal.lint.Lint} reads
 * the pending migrations (split into statements by Flyway's PostgreSQL parser), {@link
 * io.lucidity.migrator.internal.lint.Tokens} reads each statement into PostgreSQL tokens, {@link
 * io.lucidity.migrator.internal.lint.Rules} finds the hazards with what the earlier statements of the upgrade created
 * ({@link io.lucidity.migrator.internal.lint.Context}), and {@link io.lucidity.migrator.internal.lint.TableSizes} reads
 * the live tables' sizes and the server version in one query. {@link io.lucidity.migrator.internal.lint.LockTrace}
 * measures the locks pending migrations take, on a scratch copy of the schema ({@code migrator lint --trace}).
 */
package io.lucidity.migrator.internal.lint;
