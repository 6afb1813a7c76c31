package io.lucidity.migrator.internal.backup;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.internal.Facts;
import io.lucidity.migrator.internal.config.FrontEnd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code pg_dump -Fc} archive as {@code pg_restore --list} reads it.
 *
 * @param entries its table-of-contents entries
 * @param tables  the tables it holds, as {@code schema.name}
 */
record Archive(int entries, List<String> tables) {
    private static final Pattern TABLE =
            Pattern.compile("^\\d+;\\s+\\d+\\s+\\d+\\s+TABLE\\s+(?!DATA\\s)(\\S+)\\s+(\\S+)\\s");

    /**
     * Checks that {@code file} is a non-empty archive that {@code pg_restore --list} reads.
     *
     * @throws MigratorException when it is not
     */
    static Archive verify(PgTools tools, Path file, FrontEnd frontEnd) {
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw unreadable(file, tools, "the file is empty", frontEnd);
            }
            ToolProcess.Result list =
                    ToolProcess.run(List.of(tools.pgRestore().toString(), "--list", file.toString()), Map.of());
            if (!list.succeeded()) {
                throw unreadable(file, tools, ToolProcess.tail(list.stderr()), frontEnd);
            }
            int entries = 0;
            List<String> tables = new ArrayList<>();
            for (String line : list.stdout().split("\n")) {
                if (line.isBlank() || line.startsWith(";")) {
                    continue;
                }
                entries++;
                Matcher m = TABLE.matcher(line);
                if (m.find()) {
                    tables.add(m.group(1) + "." + m.group(2));
                }
            }
            return new Archive(entries, List.copyOf(tables));
        } catch (IOException e) {
            throw unreadable(file, tools, e.toString(), frontEnd);
        }
    }

    private static MigratorException unreadable(Path file, PgTools tools, String error, FrontEnd frontEnd) {
        return MigratorException.of(
                DiagnosticCode.BACKUP_FAILED,
                "The backup " + file + " is not a readable pg_dump archive: " + error,
                Facts.of("file", file)
                        .and("pg_restore", tools.pgRestore())
                        .and("error", error)
                        .map(),
                "Give a file written by " + frontEnd.command("backup FILE", "backup(file)")
                        + " (pg_dump -Fc), and check the disk it was written to.",
                null);
    }
}
