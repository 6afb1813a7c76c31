package io.lucidity.migrator.internal;

import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Masks secrets in every text Migrator emits: registered secret values (passwords, resolved
 * {@code ${env:...}} seed values) and password parameters inside JDBC URLs.
 */
public final class Redactor {
    /** What a secret is replaced with. */
    public static final String MASK = "<masked>";
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)([?&;]password=)[^&;\\s]*");
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@\\s]+:)[^@/\\s]+@");

    private Redactor() {
    }

    /** Registers a secret value; values of fewer than 3 characters are not registered (they would mask too much). */
    public static void register(String secret) {
        if (secret != null && secret.length() >= 3) {
            SECRETS.add(secret);
        }
    }

    /** The text with every registered secret and URL password replaced by {@value #MASK}. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        if (!SECRETS.isEmpty()) {
            // Longest first, so that a secret containing another one is masked whole.
            for (String secret : SECRETS.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
                if (result.contains(secret)) {
                    result = result.replace(secret, MASK);
                }
            }
        }
        result = URL_PASSWORD.matcher(result).replaceAll("$1" + MASK);
        return URL_USERINFO.matcher(result).replaceAll("$1" + MASK + "@");
    }
}
