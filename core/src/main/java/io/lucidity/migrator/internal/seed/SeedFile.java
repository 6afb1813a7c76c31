package io.lucidity.migrator.internal.seed;

/**
 * A seed file of this build.
 *
 * @param name        its path below the seed location; seeds run in name order
 * @param kind        SQL script or declarative JSON/YAML
 * @param displayPath where it is, for messages
 * @param text        its content (UTF-8, BOM removed)
 * @param checksum    SHA-256 of the content and the resolved {@code ${env:...}} values (hex)
 */
public record SeedFile(String name, Kind kind, String displayPath, String text, String checksum) {

    /** The kinds of seed file, by extension. */
    public enum Kind {
        /** {@code .sql}: an idempotent script run in one transaction. */
        SQL,
        /** {@code .json}: declarative rows. */
        JSON,
        /** {@code .yaml} or {@code .yml}: declarative rows. */
        YAML
    }
}
