package io.lucidity.migrator.internal.resolve;

/**
 * One SQL statement of a script, as Flyway's parser split it.
 *
 * @param line          the line of the script it starts on
 * @param sql           the statement, placeholders replaced
 * @param transactional false when PostgreSQL refuses it inside a transaction block
 * @param flywayCopy    Flyway's statement when it is {@code COPY ... FROM STDIN} with inline data, else null
 */
public record ScriptStatement(int line, String sql, boolean transactional, Object flywayCopy) {

    /** True for {@code COPY ... FROM STDIN} with inline data. */
    public boolean isCopy() {
        return flywayCopy != null;
    }

    /** The statement on one line, shortened to {@code max} characters, for messages. */
    public String abbreviated(int max) {
        String flat = sql.replaceAll("\\s+", " ").trim();
        return flat.length() <= max ? flat : flat.substring(0, max - 3) + "...";
    }
}
