package io.lucidity.migrator.internal.resolve;

/** The three kinds of SQL migration file, by their prefix. */
enum MigrationKind {
    /** {@code V<version>__<description>.sql}: applied once, in version order. */
    VERSIONED,
    /** {@code U<version>__<description>.sql}: undoes the versioned migration of the same version. */
    UNDO,
    /** {@code R__<description>.sql}: re-applied whenever its checksum changes, after the versioned ones. */
    REPEATABLE
}
