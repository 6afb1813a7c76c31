package io.lucidity.migrator.internal.seed;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.SeedException;
import io.lucidity.migrator.internal.Facts;
import io.lucidity.migrator.internal.Redactor;
import io.lucidity.migrator.internal.config.FrontEnd;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${env:NAME}} and {@code ${env:NAME:-default}} in declarative seed values: from the
 * configured seed variables, then the process environment. Every value found is registered as a secret,
 * so it is masked in every log line, diagnostic and report.
 */
final class SeedVariables {
    static final Pattern REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Map<String, String> configured;
    private final String tenant;
    private final Function<String, String> environment;
    private final FrontEnd frontEnd;

    /**
     * @param tenant the tenant a fleet upgrade is upgrading ({@code ${env:tenant}}, not a secret), or null
     */
    SeedVariables(
            Map<String, String> configured, String tenant, Function<String, String> environment, FrontEnd frontEnd) {
        this.configured = configured;
        this.tenant = tenant;
        this.environment = environment;
        this.frontEnd = frontEnd;
    }

    /** The value of a variable, or null when unset. */
    String lookup(String name) {
        if (tenant != null && "tenant".equals(name)) {
            return tenant; // a schema name, not a secret
        }
        String value = configured.get(name);
        if (value == null) {
            value = environment.apply(name);
        }
        if (value != null) {
            Redactor.register(value);
        }
        return value;
    }

    /**
     * Replaces every reference in {@code text}.
     *
     * @throws SeedException naming the variable (never a value) when one is unset and has no default
     */
    String resolve(String text, String seed) {
        if (text.indexOf("${env:") < 0) {
            return text;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = lookup(m.group(1));
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                throw MigratorException.of(
                        DiagnosticCode.SEED_VARIABLE_MISSING,
                        "The seed " + seed + " needs the environment variable " + m.group(1) + ", which is not set.",
                        Facts.of("seed", seed).and("variable", m.group(1)).map(),
                        remedy(m.group(1)),
                        null);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Set it in the environment, or (Java API, Spring, Quarkus) as a seed variable, or give a default in the seed. */
    private String remedy(String variable) {
        String setting = frontEnd.seedVariable(variable);
        return "Set " + variable + " in the environment of " + frontEnd.application()
                + (setting == null ? "" : ", or set " + setting) + "; or give a default in the seed: ${env:" + variable
                + ":-value}.";
    }

    /** The names of the variables {@code text} refers to, each once, in order of appearance. */
    static List<String> referenced(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return List.copyOf(names);
    }

    /** What the checksum covers of the variables: each reference's resolved value, or a marker when unset. */
    String fingerprint(String text) {
        StringBuilder out = new StringBuilder();
        if (!text.contains("${")) {
            return "";
        }
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            String value = lookup(m.group(1));
            if (value == null) {
                value = m.group(2) == null ? "\u0000unset" : m.group(2);
            }
            out.append('\u0000').append(m.group(1)).append('=').append(value);
        }
        return out.toString();
    }
}
