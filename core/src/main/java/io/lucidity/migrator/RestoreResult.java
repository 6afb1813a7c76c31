package io.lucidity.migrator;

import java.time.Duration;
import java.util.List;

/**
 * What {@link Migrator#restore(java.nio.file.Path)} did: {@code pg_restore --clean --if-exists} of an archive
 * into the database, in one transaction, under the migration lock.
 *
 * @param file           the archive, absolute
 * @param database       the database restored into
 * @param schema         the schema of the history tables
 * @param revisionBefore the revision before the restore
 * @param revision       the revision after the restore, read from the restored history table
 * @param backupRevision the revision recorded beside the archive when it was written, or null when there is no
 *                       {@code FILE.json}
 * @param entries        the archive's table-of-contents entries
 * @param pgRestore      the {@code pg_restore} executable used
 * @param duration       how long the restore took
 * @param warnings       things worth knowing, e.g. tables left in place because the archive does not hold them
 */
public record RestoreResult(
        String file,
        String database,
        String schema,
        String revisionBefore,
        String revision,
        String backupRevision,
        int entries,
        String pgRestore,
        Duration duration,
        List<String> warnings) {}
