package io.lucidity.migrator;

/**
 * The outcome of one pre-upgrade check.
 *
 * @param name    the check's name
 * @param outcome pass, warn or block
 * @param detail  what was found, with the values
 */
public record CheckResult(String name, Outcome outcome, String detail) {

    /** Outcome of a check. */
    public enum Outcome {
        /** Nothing stands in the way. */
        PASS,
        /** Worth knowing, not a blocker. */
        WARN,
        /** The upgrade should not start. */
        BLOCK
    }

    /** A passing result. */
    public static CheckResult pass(String name, String detail) {
        return new CheckResult(name, Outcome.PASS, detail);
    }

    /** A warning. */
    public static CheckResult warn(String name, String detail) {
        return new CheckResult(name, Outcome.WARN, detail);
    }

    /** A blocker. */
    public static CheckResult block(String name, String detail) {
        return new CheckResult(name, Outcome.BLOCK, detail);
    }
}
