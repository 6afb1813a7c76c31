package io.lucidity.migrator.internal.history;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The digest the state probe computes in SQL and the fast path computes in Java, written once: md5 hex of
 * {@code key:value} joined by commas in key byte order ({@code COLLATE "C"}), empty for none.
 */
public final class Digest {
    private Digest() {}

    /** The digest, in SQL, of the rows in scope: {@code key} and {@code value} are SQL expressions of text. */
    static String sql(String key, String value) {
        return "coalesce(md5(string_agg(" + key + " || ':' || " + value + ", ',' ORDER BY " + key
                + " COLLATE \"C\")), '')";
    }

    /** The digest, in Java, of {@code entries} (key to value). */
    public static String of(Map<String, String> entries) {
        if (entries.isEmpty()) {
            return "";
        }
        // Each key's UTF-8 bytes once, not once per comparison.
        List<Map.Entry<byte[], String>> keys = new ArrayList<>(entries.size());
        entries.keySet().forEach(k -> keys.add(Map.entry(k.getBytes(StandardCharsets.UTF_8), k)));
        keys.sort((a, b) -> Arrays.compareUnsigned(a.getKey(), b.getKey()));
        StringBuilder text = new StringBuilder();
        for (Map.Entry<byte[], String> key : keys) {
            text.append(text.isEmpty() ? "" : ",")
                    .append(key.getValue())
                    .append(':')
                    .append(entries.get(key.getValue()));
        }
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }
}
