package io.lucidity.migrator.internal;

import java.util.List;
import java.util.Locale;

/**
 * A list of names for a diagnostic, short however long the list: up to {@value #WHOLE} names in full, else the first
 * three, the last and the count ({@code V1, V2, V3 … V3481 (3,481 migrations)}).
 */
public final class NameList {
    /** Lists up to this long are shown whole. */
    static final int WHOLE = 10;

    private static final int FIRST = 3;

    private NameList() {}

    /** The names joined with ", ", shortened when long; counted as migrations. */
    public static String of(List<String> names) {
        return of(names, ", ", "migrations");
    }

    /**
     * The names joined with {@code separator}, shortened when long.
     *
     * @param noun what the names are, plural, for the count ({@code migrations})
     */
    public static String of(List<String> names, String separator, String noun) {
        if (names.size() <= WHOLE) {
            return String.join(separator, names);
        }
        String gap = separator.contains("\n") ? "\n… " : " … ";
        return String.join(separator, names.subList(0, FIRST)) + gap + names.get(names.size() - 1) + " ("
                + String.format(Locale.ROOT, "%,d", names.size()) + " " + noun + ")";
    }
}
