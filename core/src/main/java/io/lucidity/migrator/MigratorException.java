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
    public MigratorException(DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause) {
        this(code, Redactor.redact(summary), redacted(facts), Redactor.redact(remedy), Redactor.scrub(cause), true);
    }

    private MigratorException(DiagnosticCode code, String summary, Map<String, String> facts, String remedy, Throwable cause,
                              boolean redacted) {
        super(render(code, summary, facts, remedy), cause);
        this.code = Objects.requireNonNull(code, "code");
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
        facts.forEach((name, value) -> text.append("\n  ").append(name).append(": ").append(indent(value)));
        if (remedy != null && !remedy.isBlank()) {
            text.append("\n  Fix: ").append(indent(remedy));
        }
        return text.toString();
    }

    private static String indent(String value) {
        return value == null ? "" : value.replace("\n", "\n    ");
    }
}
