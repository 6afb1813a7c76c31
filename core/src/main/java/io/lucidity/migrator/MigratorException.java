package io.lucidity.migrator;

import io.lucidity.migrator.internal.Redactor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one root of everything Migrator throws: what happened, the facts (values), and the remedy
 * (the command, setting or SQL that fixes it), all visible in {@link #getMessage()}. The original
 * cause is always kept. Secrets never appear in any of it.
 *
 * <p>The {@link #code()} is the diagnostic's identity: switch on it to tell failures apart. The code also decides the
 * class ({@link DiagnosticCode#exceptionType()}); a subclass exists only where a caller has a reason to catch it on its
 * own, much as with Jdbi's exceptions:
 * <ul>
 *   <li>{@link ConfigurationException}: the settings or the classpath are wrong; nothing was attempted, fix and restart.</li>
 *   <li>{@link ConnectionException}: the database cannot be reached or refuses the login; retry later or fail over.</li>
 *   <li>{@link LockTimeoutException}: another deployment holds the migration lock; nothing ran, retry later.</li>
 *   <li>{@link MigrationFailedException}: a migration statement failed (including an object that already exists and a
 *       table lock not granted within {@code ddlLockTimeout}); the transaction was rolled back.</li>
 *   <li>{@link PartialMigrationException}: the history records a migration that did not complete (half applied or
 *       failed); nothing runs until someone repairs it.</li>
 *   <li>{@link ChecksumMismatchException}: an applied migration's file was edited.</li>
 *   <li>{@link SchemaAheadException}: the database holds migrations this build does not know: older code on a newer
 *       schema (a rolling deployment or a rollback).</li>
 *   <li>{@link SeedException}: the schema is migrated but a seed (data) failed.</li>
 * </ul>
 * Every other code (invalid files, privileges, read-only server, extensions, backups, ...) is raised as a plain
 * {@code MigratorException}: those are fixed by a person, not handled by a program, and {@link #code()} tells them apart.
 *
 * <p>The constructors are not public, so a class can never carry a code it does not stand for: Migrator's own code,
 * inside and outside this package, creates every diagnostic through {@link #of}, which picks the class from the code.
 */
public class MigratorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final DiagnosticCode code;
    private final String summary;
    private final Map<String, String> facts;
    private final String remedy;

    /**
     * @param code    the stable diagnostic code
     * @param summary one sentence: what happened
     * @param facts   name → value, in display order (may be empty)
     * @param remedy  what to do about it: a command, a setting or SQL (may be null when nothing can be done)
     * @param cause   the underlying exception, or null
     */
    MigratorException(DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        this(code, Redactor.redact(summary), redacted(facts), Redactor.redact(remedy), Redactor.scrub(cause), true);
    }

    /**
     * Creates the diagnostic for {@code code}, as the class the code names ({@link DiagnosticCode#exceptionType()}).
     * Meant for Migrator's own modules (core's internal packages, the CLI, the Spring and Quarkus integrations); it is
     * public because those live outside this package, and harmless to others, since the class always matches the code.
     * It is a static factory rather than public constructors so that no caller can pair a class with the wrong code.
     *
     * @param code    the stable diagnostic code; it decides the class of the result
     * @param summary one sentence: what happened
     * @param facts   name → value, in display order (may be empty)
     * @param remedy  what to do about it: a command, a setting or SQL (may be null when nothing can be done)
     * @param cause   the underlying exception, or null
     * @return a new, unthrown exception of exactly {@code code.exceptionType()}
     */
    public static MigratorException of(
            DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        Class<? extends MigratorException> type =
                Objects.requireNonNull(code, "code").exceptionType();
        if (type == ConfigurationException.class) {
            return new ConfigurationException(code, summary, facts, remedy, cause);
        } else if (type == ConnectionException.class) {
            return new ConnectionException(code, summary, facts, remedy, cause);
        } else if (type == LockTimeoutException.class) {
            return new LockTimeoutException(code, summary, facts, remedy, cause);
        } else if (type == MigrationFailedException.class) {
            return new MigrationFailedException(code, summary, facts, remedy, cause);
        } else if (type == PartialMigrationException.class) {
            return new PartialMigrationException(code, summary, facts, remedy, cause);
        } else if (type == ChecksumMismatchException.class) {
            return new ChecksumMismatchException(code, summary, facts, remedy, cause);
        } else if (type == SchemaAheadException.class) {
            return new SchemaAheadException(code, summary, facts, remedy, cause);
        } else if (type == SeedException.class) {
            return new SeedException(code, summary, facts, remedy, cause);
        }
        return new MigratorException(code, summary, facts, remedy, cause);
    }

    private MigratorException(
            DiagnosticCode code,
            String summary,
            Map<String, String> facts,
            String remedy,
            Throwable cause,
            boolean redacted) {
        super(render(code, summary, facts, remedy), cause);
        this.code = Objects.requireNonNull(code, "code");
        if (getClass() != code.exceptionType()) {
            // Unreachable through of(..); guards the package's own constructors against a wrong pairing.
            throw new IllegalArgumentException(
                    code + " is raised as " + code.exceptionType().getSimpleName() + ", not "
                            + getClass().getSimpleName());
        }
        this.summary = summary;
        this.facts = Collections.unmodifiableMap(facts);
        this.remedy = remedy;
    }

    private static Map<String, String> redacted(Map<String, String> facts) {
        Map<String, String> copy = new LinkedHashMap<>();
        facts.forEach((name, value) -> copy.put(name, Redactor.redact(value)));
        return copy;
    }

    /** The stable diagnostic code. */
    public DiagnosticCode code() {
        return code;
    }

    /** One sentence saying what happened. */
    public String summary() {
        return summary;
    }

    /** The facts behind the diagnostic, in display order. */
    public Map<String, String> facts() {
        return facts;
    }

    /** The remedy: the command, setting or SQL to run; null when there is none. */
    public String remedy() {
        return remedy;
    }

    /** The SQLState of the database error behind this diagnostic, or null. */
    public String sqlState() {
        return facts.get("SQLState");
    }

    private static String render(DiagnosticCode code, String summary, Map<String, String> facts, String remedy) {
        StringBuilder text = new StringBuilder(code.code()).append(": ").append(summary);
        facts.forEach(
                (name, value) -> text.append("\n  ").append(name).append(": ").append(indent(value)));
        if (remedy != null && !remedy.isBlank()) {
            text.append("\n  Fix: ").append(indent(remedy));
        }
        return text.toString();
    }

    private static String indent(String value) {
        return value == null ? "" : value.replace("\n", "\n    ");
    }
}
