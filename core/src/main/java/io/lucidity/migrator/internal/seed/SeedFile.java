package io.lucidity.migrator.internal.seed;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.internal.Facts;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A seed file of this build: its bytes and checksum, and its text decoded on first use, so that a check at head
 * (which compares checksums only) never decodes a large seed.
 */
public final class SeedFile {
    private final String name;
    private final Kind kind;
    private final String displayPath;
    private final byte[] content;
    private final String checksum;
    private volatile String text;

    /**
     * @param name        its path below the seed location; seeds run in name order
     * @param kind        SQL script or declarative JSON/YAML
     * @param displayPath where it is, for messages
     * @param content     its bytes, a UTF-8 byte order mark removed
     * @param checksum    SHA-256 of the content and the resolved {@code ${env:...}} values (hex)
     */
    SeedFile(String name, Kind kind, String displayPath, byte[] content, String checksum) {
        this.name = name;
        this.kind = kind;
        this.displayPath = displayPath;
        this.content = content;
        this.checksum = checksum;
    }

    /** Its path below the seed location. */
    public String name() {
        return name;
    }

    /** Its kind. */
    public Kind kind() {
        return kind;
    }

    /** Where it is, for messages. */
    public String displayPath() {
        return displayPath;
    }

    /** Its bytes, a UTF-8 byte order mark removed. */
    byte[] content() {
        return content;
    }

    /** SHA-256 of the content and the resolved {@code ${env:...}} values (hex). */
    public String checksum() {
        return checksum;
    }

    /**
     * Its text.
     *
     * @throws MigratorException when the file is not valid UTF-8
     */
    public String text() {
        String t = text;
        if (t == null) {
            t = decode(content, displayPath);
            text = t;
        }
        return t;
    }

    static String decode(byte[] content, String displayPath) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            throw MigratorException.of(
                    DiagnosticCode.UNREADABLE_FILE,
                    "The seed " + displayPath + " is not valid UTF-8.",
                    Facts.of("file", displayPath).map(),
                    "Save the file as UTF-8.",
                    e);
        }
    }

    @Override
    public String toString() {
        return "SeedFile[" + name + ", " + kind + ", " + checksum + "]";
    }

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
