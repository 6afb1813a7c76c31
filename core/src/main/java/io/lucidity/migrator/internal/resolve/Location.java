package io.lucidity.migrator.internal.resolve;

/**
 * A place holding migration or seed files: {@code classpath:db/migration} or {@code filesystem:/srv/sql}.
 * A location without prefix is a classpath location, as in Flyway.
 *
 * @param filesystem true for {@code filesystem:}, false for {@code classpath:}
 * @param path       the path after the prefix, without leading or trailing slash for the classpath
 */
public record Location(boolean filesystem, String path) {

    /** Parses a location string. */
    public static Location parse(String text) {
        String t = text.trim();
        if (t.startsWith("filesystem:")) {
            return new Location(true, t.substring("filesystem:".length()));
        }
        String p = t.startsWith("classpath:") ? t.substring("classpath:".length()) : t;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return new Location(false, p);
    }

    @Override
    public String toString() {
        return (filesystem ? "filesystem:" : "classpath:") + path;
    }
}
