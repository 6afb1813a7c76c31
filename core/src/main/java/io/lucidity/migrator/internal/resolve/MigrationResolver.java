package io.lucidity.migrator.internal.resolve;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.internal.Facts;
import io.lucidity.migrator.internal.config.FrontEnd;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Turns the files of the migration locations into a {@link MigrationCatalog}. Every file must follow
 * the naming rule ({@code V<version>__<description>.sql}, {@code U<version>__<description>.sql},
 * {@code R__<description>.sql}, or a {@code .sql.conf} beside one of them): anything else is an error,
 * never a silent skip. So is an entry that is not a file: a directory named like one ({@code .sql},
 * {@code .sql.conf}), a dangling symbolic link, a FIFO (see {@link ResourceScanner}).
 */
public final class MigrationResolver {
    private static final Pattern NAME = Pattern.compile("([VUR])([0-9]+(?:[._][0-9]+)*)?__(.+)\\.sql");
    private static final Pattern HEADER_TX = Pattern.compile(
            "(?im)\\A(?:\\s*--[^\\n]*\\n)*?\\s*--\\s*(?:flyway|migrator):executeInTransaction\\s*=\\s*(true|false)\\s*$");
    private static final String NAMING_RULE =
            "V<version>__<description>.sql (e.g. V3__add_documents.sql, V2026.11.25.1__x.sql), "
                    + "U<version>__<description>.sql, R__<description>.sql, or <script>.sql.conf";

    private MigrationResolver() {}

    /**
     * Scans and checks every migration location.
     *
     * @throws MigratorException for a mis-named, duplicated, empty or undecodable file
     */
    public static MigrationCatalog resolve(MigratorConfig config, FlywayScripts flyway) {
        List<ScannedFile> sqlFiles = new ArrayList<>();
        Map<String, ScannedFile> confFiles = new HashMap<>();
        for (String text : config.locations()) {
            for (ScannedFile file : ResourceScanner.scan(
                    Location.parse(text),
                    config.classLoader(),
                    true,
                    MigrationResolver::namedLikeAMigration,
                    FrontEnd.of(config.integration()).name("locations"))) {
                String name = file.fileName();
                if (name.endsWith(".sql.conf")) {
                    confFiles.put(
                            file.location() + "/"
                                    + file.relativePath()
                                            .substring(0, file.relativePath().length() - 5),
                            file);
                } else if (NAME.matcher(name).matches()) {
                    sqlFiles.add(file);
                } else {
                    throw misnamed(file);
                }
            }
        }
        List<ResolvedMigration> migrations = new ArrayList<>();
        for (ScannedFile file : sqlFiles) {
            ScannedFile conf = confFiles.remove(file.location() + "/" + file.relativePath());
            migrations.add(resolveOne(file, conf, flyway, config.placeholderReplacement()));
        }
        if (!confFiles.isEmpty()) {
            ScannedFile orphan = confFiles.values().iterator().next();
            throw MigratorException.of(
                    DiagnosticCode.INVALID_NAME,
                    "The script configuration " + orphan.displayPath() + " belongs to no migration.",
                    Facts.of("file", orphan.displayPath()).map(),
                    "Rename it to <migration file name>.conf, e.g. V3__add_index.sql.conf, or delete it.",
                    null);
        }
        return catalog(migrations);
    }

    /** True for a name that only a migration file or its script configuration has: a directory of this name is refused. */
    private static boolean namedLikeAMigration(String name) {
        return name.endsWith(".sql") || name.endsWith(".sql.conf");
    }

    private static MigrationCatalog catalog(List<ResolvedMigration> migrations) {
        Map<MigrationVersion, ResolvedMigration> versioned = new LinkedHashMap<>();
        Map<MigrationVersion, ResolvedMigration> undo = new LinkedHashMap<>();
        Map<String, ResolvedMigration> repeatable = new LinkedHashMap<>();
        for (ResolvedMigration m : migrations) {
            ResolvedMigration previous = switch (m.kind()) {
                case VERSIONED -> versioned.putIfAbsent(m.version(), m);
                case UNDO -> undo.putIfAbsent(m.version(), m);
                case REPEATABLE -> repeatable.putIfAbsent(m.description(), m);
            };
            if (previous != null) {
                throw duplicate(previous, m);
            }
        }
        List<ResolvedMigration> sortedVersioned = new ArrayList<>(versioned.values());
        sortedVersioned.sort(Comparator.comparing(ResolvedMigration::version));
        List<ResolvedMigration> sortedRepeatable = new ArrayList<>(repeatable.values());
        sortedRepeatable.sort(Comparator.comparing(ResolvedMigration::description));
        return new MigrationCatalog(sortedVersioned, undo, sortedRepeatable);
    }

    private static ResolvedMigration resolveOne(
            ScannedFile file, ScannedFile conf, FlywayScripts flyway, boolean placeholderReplacement) {
        Matcher m = NAME.matcher(file.fileName());
        if (!m.matches()) {
            throw misnamed(file);
        }
        MigrationKind kind = switch (m.group(1)) {
            case "V" -> MigrationKind.VERSIONED;
            case "U" -> MigrationKind.UNDO;
            default -> MigrationKind.REPEATABLE;
        };
        if ((kind == MigrationKind.REPEATABLE) != (m.group(2) == null)) {
            throw misnamed(file);
        }
        FlywayScripts.ScriptConfig scriptConfig = conf == null ? null : readConf(conf, flyway);
        String encoding = scriptConfig == null ? null : scriptConfig.encoding();
        String sql = decode(file, encoding);
        Boolean executeInTransaction = scriptConfig == null ? null : scriptConfig.executeInTransaction();
        if (executeInTransaction == null) {
            Matcher header = HEADER_TX.matcher(sql);
            if (header.lookingAt()) { // anchored at \A: only position 0 can match
                executeInTransaction = Boolean.valueOf(header.group(1).toLowerCase());
            }
        }
        boolean replace = placeholderReplacement
                && (scriptConfig == null
                        || scriptConfig.placeholderReplacement() == null
                        || scriptConfig.placeholderReplacement());
        if (!hasStatement(sql)) {
            throw MigratorException.of(
                    DiagnosticCode.UNREADABLE_FILE,
                    "The migration " + file.displayPath() + " contains no SQL statement.",
                    Facts.of("file", file.displayPath())
                            .and("size", file.content().length + " bytes")
                            .map(),
                    "Write the migration's SQL into it, or delete the file if it is not needed.",
                    null);
        }
        MigrationVersion version = kind == MigrationKind.REPEATABLE ? null : MigrationVersion.fromVersion(m.group(2));
        String description = m.group(3).replace('_', ' ');
        int checksum = flyway.checksum(sql, kind == MigrationKind.REPEATABLE, replace);
        return new ResolvedMigration(
                kind,
                version,
                description,
                file.relativePath(),
                file.displayPath(),
                sql,
                checksum,
                executeInTransaction,
                replace,
                flyway);
    }

    /**
     * True when something other than comments and white space is left: {@code --} to the end of the line and
     * {@code /* ... *}{@code /} are comments; an unclosed {@code /*} counts as text. Stops at the first such character,
     * so a real migration costs a few characters whatever its size.
     */
    static boolean hasStatement(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char ch = sql.charAt(i);
            if (ch == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int newline = sql.indexOf('\n', i + 2);
                if (newline < 0) {
                    return false;
                }
                i = newline;
            } else if (ch == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) {
                    return true;
                }
                i = end + 2;
            } else {
                int codePoint = sql.codePointAt(i);
                if (!Character.isWhitespace(codePoint)) {
                    return true;
                }
                i += Character.charCount(codePoint);
            }
        }
        return false;
    }

    private static FlywayScripts.ScriptConfig readConf(ScannedFile conf, FlywayScripts flyway) {
        try {
            return flyway.scriptConfig(decode(conf, null));
        } catch (FlywayException e) {
            throw MigratorException.of(
                    DiagnosticCode.UNREADABLE_FILE,
                    "The script configuration " + conf.displayPath() + " is invalid: " + e.getMessage(),
                    Facts.of("file", conf.displayPath()).map(),
                    "Use only Flyway's script configuration keys, e.g. executeInTransaction=false or encoding=ISO-8859-1.",
                    e);
        }
    }

    /** Decodes strictly (UTF-8 unless the script configuration names another encoding) and removes a BOM. */
    static String decode(ScannedFile file, String encoding) {
        Charset charset;
        try {
            charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw MigratorException.of(
                    DiagnosticCode.UNREADABLE_FILE,
                    "The encoding '" + encoding + "' declared for " + file.displayPath() + " is unknown.",
                    Facts.of("file", file.displayPath())
                            .and("encoding", encoding)
                            .map(),
                    "Declare a Java charset name such as UTF-8 or ISO-8859-1.",
                    e);
        }
        try {
            String text = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(file.content()))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw MigratorException.of(
                    DiagnosticCode.UNREADABLE_FILE,
                    "The file " + file.displayPath() + " is not valid " + charset.name() + ".",
                    Facts.of("file", file.displayPath())
                            .and("encoding", charset.name())
                            .and("first bad byte at offset", firstBadByte(file.content(), charset))
                            .map(),
                    "Save the file as UTF-8, or declare its encoding in " + file.fileName()
                            + ".conf (encoding=ISO-8859-1).",
                    e);
        }
    }

    private static String firstBadByte(byte[] bytes, Charset charset) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.charset.CoderResult result = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(in, java.nio.CharBuffer.allocate(bytes.length * 2 + 16), true);
        int offset = result.isError() ? in.position() : bytes.length;
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return offset + " (line " + line + ")";
    }

    private static MigratorException misnamed(ScannedFile file) {
        return MigratorException.of(
                DiagnosticCode.INVALID_NAME,
                "The file " + file.displayPath() + " does not follow the migration naming rule.",
                Facts.of("file", file.displayPath()).and("rule", NAMING_RULE).map(),
                "Rename it to follow the rule, or move it out of the migration location.",
                null);
    }

    private static MigratorException duplicate(ResolvedMigration first, ResolvedMigration second) {
        String what = first.kind() == MigrationKind.REPEATABLE
                ? "description '" + first.description() + "'"
                : "version " + first.versionText();
        return MigratorException.of(
                DiagnosticCode.DUPLICATE_VERSION,
                "Two migration files have the same " + what + ".",
                Facts.of("first", first.displayPath())
                        .and("second", second.displayPath())
                        .map(),
                "Give one of them the next free version (rename the file that is not yet applied anywhere).",
                null);
    }
}
