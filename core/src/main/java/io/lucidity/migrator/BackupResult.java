package io.lucidity.migrator;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * What {@link Migrator#backup(java.nio.file.Path)} wrote: a {@code pg_dump -Fc} archive of the database,
 * verified readable by {@code pg_restore --list}, and beside it a JSON file holding this record, so that the
 * revision the archive holds is known without restoring it.
 *
 * @param file          the archive, absolute
 * @param metadataFile  the JSON file beside it ({@code FILE.json}) holding this record
 * @param database      the database dumped
 * @param schema        the schema of the history tables
 * @param revision      the revision the archive holds ({@code base} when nothing was applied)
 * @param bytes         the archive's size
 * @param entries       the archive's table-of-contents entries, as {@code pg_restore --list} counts them
 * @param serverVersion the server's PostgreSQL version
 * @param pgDumpVersion the version of the {@code pg_dump} that wrote the archive
 * @param pgDump        the {@code pg_dump} executable used
 * @param createdAt     when the dump started
 * @param duration      how long dumping and verifying took
 */
public record BackupResult(
        String file,
        String metadataFile,
        String database,
        String schema,
        String revision,
        long bytes,
        int entries,
        String serverVersion,
        String pgDumpVersion,
        String pgDump,
        OffsetDateTime createdAt,
        Duration duration) {}
