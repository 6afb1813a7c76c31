package io.lucidity.migrator.internal.resolve;

/**
 * One file found in a location.
 *
 * @param location     the location it was found in
 * @param relativePath its path below the location, with {@code /} separators
 * @param content      its bytes
 */
public record ScannedFile(Location location, String relativePath, byte[] content) {

    /** The file name without directories. */
    public String fileName() {
        int slash = relativePath.lastIndexOf('/');
        return slash < 0 ? relativePath : relativePath.substring(slash + 1);
    }

    /** Where the file is, for messages: {@code classpath:db/migration/V1__init.sql}. */
    public String displayPath() {
        return location + "/" + relativePath;
    }
}
