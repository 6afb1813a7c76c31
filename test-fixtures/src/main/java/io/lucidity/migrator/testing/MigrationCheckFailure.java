package io.lucidity.migrator.testing;

/**
 * A built-in migration check found a problem. The message names the check, the culprit (the migration, undo
 * script, seed or file) and what went wrong, with a schema or row diff where there is one.
 */
public class MigrationCheckFailure extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final MigrationCheck check;
    private final String culprit;

    /**
     * @param check   the check that failed
     * @param culprit what breaks it: a migration such as {@code V3 (V3__add_slug.sql)}, an undo script, a seed or a file
     * @param detail  what happened, with the values
     * @param cause   the underlying exception, or null
     */
    public MigrationCheckFailure(MigrationCheck check, String culprit, String detail, Throwable cause) {
        super(check.title() + " failed at " + culprit + ": " + detail, cause);
        this.check = check;
        this.culprit = culprit;
    }

    /** Several failures at once; {@code message} lists them, each is also a suppressed exception. */
    MigrationCheckFailure(String message, MigrationCheckFailure first) {
        super(message);
        this.check = first.check;
        this.culprit = first.culprit;
    }

    /** The check that failed (the first one, for a failure of several checks). */
    public MigrationCheck check() {
        return check;
    }

    /** What breaks the check: a migration, undo script, seed or file. */
    public String culprit() {
        return culprit;
    }
}
