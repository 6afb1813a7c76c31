package io.lucidity.migrator;

/**
 * What the upgrade did about a required extension.
 *
 * @param name    the extension
 * @param action  created, updated or already present
 * @param version its version afterwards
 */
public record ExtensionResult(String name, Action action, String version) {

    /** What was done. */
    public enum Action {
        /** {@code CREATE EXTENSION} ran. */
        CREATED,
        /** {@code ALTER EXTENSION ... UPDATE} ran to reach the minimum version. */
        UPDATED,
        /** It was there at a sufficient version. */
        PRESENT
    }
}
