package io.lucidity.migrator.internal.resolve;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.internal.Facts;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;

/**
 * A migration file of this build: its name parts, checksum and SQL. Statements are parsed on first use
 * (the fast path at head never needs them).
 */
public final class ResolvedMigration {
    private final MigrationKind kind;
    private final MigrationVersion version;
    private final String description;
    private final String script;
    private final String displayPath;
    private final String sql;
    private final int checksum;
    private final Boolean executeInTransaction;
    private final boolean placeholderReplacement;
    private final FlywayScripts flyway;
    private volatile List<ScriptStatement> statements;

    ResolvedMigration(
            MigrationKind kind,
            MigrationVersion version,
            String description,
            String script,
            String displayPath,
            String sql,
            int checksum,
            Boolean executeInTransaction,
            boolean placeholderReplacement,
            FlywayScripts flyway) {
        this.kind = kind;
        this.version = version;
        this.description = description;
        this.script = script;
        this.displayPath = displayPath;
        this.sql = sql;
        this.checksum = checksum;
        this.executeInTransaction = executeInTransaction;
        this.placeholderReplacement = placeholderReplacement;
        this.flyway = flyway;
    }

    /** Versioned, undo or repeatable. */
    public MigrationKind kind() {
        return kind;
    }

    /** The version; null for a repeatable migration. */
    public MigrationVersion version() {
        return version;
    }

    /** The version as stored in the history table ({@code 1.1}); null for a repeatable migration. */
    public String versionText() {
        return version == null ? null : version.toString();
    }

    /** The description: the name part after {@code __}, underscores as spaces. */
    public String description() {
        return description;
    }

    /** The path below its location, as Flyway stores it in the {@code script} column. */
    public String script() {
        return script;
    }

    /** Where the file is, for messages. */
    public String displayPath() {
        return displayPath;
    }

    /** The script text (BOM removed, placeholders not replaced). */
    public String sql() {
        return sql;
    }

    /** Flyway's checksum of the script. */
    public int checksum() {
        return checksum;
    }

    /** A short label: {@code V3 (V3__add_documents.sql)}. */
    public String label() {
        String prefix = switch (kind) {
            case VERSIONED -> "V" + versionText();
            case UNDO -> "U" + versionText();
            case REPEATABLE -> "R " + description;
        };
        return prefix + " (" + script + ")";
    }

    /**
     * The statements, split by Flyway's PostgreSQL parser with placeholders replaced.
     *
     * @throws MigratorException when the script cannot be parsed or names an undefined placeholder
     */
    public List<ScriptStatement> statements() {
        List<ScriptStatement> parsed = statements;
        if (parsed == null) {
            try {
                parsed = List.copyOf(flyway.parse(script, sql, placeholderReplacement));
            } catch (FlywayException e) {
                throw MigratorException.of(
                        DiagnosticCode.UNREADABLE_FILE,
                        "The migration " + label() + " cannot be read: " + firstLine(e.getMessage()),
                        Facts.of("migration", displayPath)
                                .and("error", e.getMessage())
                                .map(),
                        e.getMessage() != null && e.getMessage().contains("placeholder")
                                ? "Define the placeholder (" + flyway.frontEnd().placeholder()
                                        + "), or turn replacement off "
                                        + "for this script with placeholderReplacement=false in " + script + ".conf."
                                : "Correct the SQL of " + displayPath + ".",
                        e);
            }
            statements = parsed;
        }
        return parsed;
    }

    /**
     * False when the migration must run outside a transaction: declared with
     * {@code executeInTransaction=false}, or holding a statement PostgreSQL refuses in a transaction block.
     */
    public boolean transactional() {
        if (executeInTransaction != null) {
            return executeInTransaction;
        }
        return statements().stream().allMatch(ScriptStatement::transactional);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public String toString() {
        return label();
    }
}
