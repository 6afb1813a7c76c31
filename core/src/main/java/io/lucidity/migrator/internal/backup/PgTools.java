package io.lucidity.migrator.internal.backup;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.internal.Facts;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code pg_dump} and {@code pg_restore} of the server's major version. Looked for in
 * {@code MIGRATOR_PG_BIN} alone when it is set; otherwise in the usual per-version directories
 * ({@code /usr/lib/postgresql/<major>/bin}, {@code /usr/pgsql-<major>/bin}, Homebrew's
 * {@code postgresql@<major>}), then on {@code PATH}. A tool of another major version is not used: an older
 * {@code pg_dump} refuses a newer server, and a newer one writes archives an older server may not restore.
 *
 * @param pgDump    the pg_dump executable
 * @param pgRestore the pg_restore executable beside it
 * @param version   their version, e.g. {@code 16.4}
 */
record PgTools(Path pgDump, Path pgRestore, String version) {
    /** The variable naming the directory of the PostgreSQL binaries (shared with the embedded server). */
    static final String PG_BIN = "MIGRATOR_PG_BIN";

    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(?:\\.(\\d+))?");

    /**
     * Finds the tools for a server.
     *
     * @param serverVersion the server's {@code server_version}, for messages
     * @param serverMajor   the server's major version ({@code server_version_num / 10000})
     * @param env           the environment ({@code MIGRATOR_PG_BIN}, {@code PATH})
     * @throws MigratorException when no pg_dump of that major version is found
     */
    static PgTools locate(String serverVersion, int serverMajor, Map<String, String> env) {
        String explicit = env.get(PG_BIN);
        List<Path> directories = explicit != null && !explicit.isBlank()
                ? List.of(Path.of(explicit.trim()))
                : candidates(serverMajor, env.get("PATH"));
        List<String> seen = new ArrayList<>();
        for (Path dir : directories) {
            Path pgDump = dir.resolve("pg_dump");
            if (!Files.isRegularFile(pgDump) || !Files.isExecutable(pgDump)) {
                continue;
            }
            String version = version(pgDump);
            seen.add(pgDump + " (" + (version == null ? "version unknown" : version) + ")");
            Path pgRestore = dir.resolve("pg_restore");
            if (version != null && major(version) == serverMajor && Files.isExecutable(pgRestore)) {
                return new PgTools(pgDump, pgRestore, version);
            }
        }
        throw notFound(serverVersion, serverMajor, explicit, seen);
    }

    private static List<Path> candidates(int major, String path) {
        Set<Path> dirs = new LinkedHashSet<>();
        dirs.add(Path.of("/usr/lib/postgresql/" + major + "/bin"));
        dirs.add(Path.of("/usr/pgsql-" + major + "/bin"));
        dirs.add(Path.of("/opt/homebrew/opt/postgresql@" + major + "/bin"));
        dirs.add(Path.of("/usr/local/opt/postgresql@" + major + "/bin"));
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    dirs.add(Path.of(entry));
                }
            }
        }
        dirs.add(Path.of("/usr/local/pgsql/bin"));
        return List.copyOf(dirs);
    }

    /** The version {@code tool --version} reports, e.g. {@code 16.4}, or null when it cannot be run or read. */
    static String version(Path tool) {
        try {
            ToolProcess.Result result = ToolProcess.run(List.of(tool.toString(), "--version"), Map.of());
            Matcher m = VERSION.matcher(result.stdout());
            if (!result.succeeded() || !m.find()) {
                return null;
            }
            return m.group(2) == null ? m.group(1) : m.group(1) + "." + m.group(2);
        } catch (IOException e) {
            return null;
        }
    }

    /** The major version of a version text: {@code 16} of {@code 16.4}. */
    static int major(String version) {
        int dot = version.indexOf('.');
        return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
    }

    private static MigratorException notFound(String serverVersion, int major, String explicit, List<String> seen) {
        String where = explicit != null && !explicit.isBlank()
                ? PG_BIN + "=" + explicit
                : "/usr/lib/postgresql/" + major + "/bin, /usr/pgsql-" + major + "/bin, postgresql@" + major
                        + " (Homebrew) and PATH";
        String summary = seen.isEmpty()
                ? "No pg_dump was found; backup and restore need the PostgreSQL " + major + " client tools."
                : "No pg_dump of the server's major version " + major + " was found (server " + serverVersion
                        + "); a pg_dump of another major version cannot be used.";
        return MigratorException.of(
                DiagnosticCode.PG_TOOLS_MISSING,
                summary,
                Facts.of("server version", serverVersion)
                        .and("looked in", where)
                        .and("found", seen.isEmpty() ? "no pg_dump" : String.join("; ", seen))
                        .map(),
                "Install the PostgreSQL " + major + " client tools (Debian/Ubuntu: apt-get install postgresql-client-"
                        + major
                        + "; RHEL: dnf install postgresql" + major + "; macOS: brew install postgresql@" + major
                        + "), or set " + PG_BIN + " to the directory holding pg_dump and pg_restore " + major + ".",
                null);
    }
}
