package io.lucidity.migrator;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An extension the database must have before migrations run, optionally at a minimum version:
 * {@code vector} or {@code vector>=0.5.0}.
 *
 * @param name       the extension name as in {@code pg_available_extensions}
 * @param minVersion the lowest acceptable version, or null for any
 */
public record ExtensionRequirement(String name, String minVersion) {
    private static final Pattern SPEC =
            Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_\\-]*)\\s*(?:>=\\s*([0-9][0-9A-Za-z.\\-]*))?\\s*");

    public ExtensionRequirement {
        Objects.requireNonNull(name, "name");
    }

    /**
     * Parses {@code name} or {@code name>=version}.
     *
     * @throws ConfigurationException when the text is neither
     */
    public static ExtensionRequirement parse(String spec) {
        Matcher m = SPEC.matcher(spec == null ? "" : spec);
        if (!m.matches()) {
            throw MigratorException.of(
                    DiagnosticCode.CONFIG_INVALID,
                    "The extension requirement '" + spec + "' is not of the form name or name>=version.",
                    java.util.Map.of("setting", "extensions"),
                    "Write it as, for example, vector or vector>=0.5.0.",
                    null);
        }
        return new ExtensionRequirement(m.group(1), m.group(2));
    }

    /** True when {@code installed} satisfies the minimum version (dotted numeric comparison). */
    public boolean isSatisfiedBy(String installed) {
        return minVersion == null || compareVersions(installed, minVersion) >= 0;
    }

    /** Compares dotted versions numerically part by part ({@code 0.10.0 > 0.9.1}); non-numeric suffixes compare as text. */
    public static int compareVersions(String a, String b) {
        String[] x = a.split("[.\\-]");
        String[] y = b.split("[.\\-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c = comparePart(p, q);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int comparePart(String p, String q) {
        if (p.matches("\\d+") && q.matches("\\d+")) {
            return new java.math.BigInteger(p).compareTo(new java.math.BigInteger(q));
        }
        return p.compareTo(q);
    }

    @Override
    public String toString() {
        return minVersion == null ? name : name + ">=" + minVersion;
    }
}
