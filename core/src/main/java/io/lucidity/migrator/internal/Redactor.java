package io.lucidity.migrator.internal;

import java.sql.SQLException;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in every text Migrator emits: registered secret values (passwords, resolved
 * {@code ${env:...}} seed values) and password parameters inside JDBC URLs. A registered secret is masked
 * verbatim and in the forms the server or a serializer gives it: in any letter case (an index on
 * {@code lower(email)} echoes it lower-cased), with its quotes and backslashes escaped as in JSON values and
 * array literals ({@code \"}, {@code \\}, at any depth), its apostrophes doubled as in SQL literals, and any
 * character written as a JSON {@code \}{@code uXXXX} escape.
 */
public final class Redactor {
    /** What a secret is replaced with. */
    public static final String MASK = "<masked>";

    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)([?&;]password=)[^&;\\s\"'\\\\]*");
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@\\s\"]+:)[^@/\\s\"]+@");
    /** A JDBC URL inside a text: it ends where the text has a blank or a quote. */
    private static final Pattern JDBC_URL = Pattern.compile("(?i)jdbc:postgresql:[^\\s\"']*");

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)[?&;]password=");
    /** Every registered secret in each of its forms, longest secret first; null while there is none. */
    private static volatile Pattern secretForms;

    /** How deep {@link #scrub} follows causes and suppressed exceptions. */
    private static final int MAX_DEPTH = 16;

    private Redactor() {}

    /** Registers a secret value; values of fewer than 3 characters are not registered (they would mask too much). */
    public static void register(String secret) {
        if (secret != null && secret.length() >= 3 && SECRETS.add(secret)) {
            compile();
        }
    }

    private static synchronized void compile() {
        // Longest first, so that a secret containing another one is masked whole.
        StringBuilder alternatives = new StringBuilder();
        for (String secret : SECRETS.stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList()) {
            alternatives.append(alternatives.isEmpty() ? "" : "|").append(forms(secret));
        }
        secretForms = Pattern.compile(alternatives.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /**
     * A regular expression matching the secret in each of its forms (letter case is left to the pattern's flags): each
     * character as it is, as a JSON {@code \}{@code uXXXX} escape (a surrogate pair for a supplementary character) or,
     * for the characters that have one, escaped with one or more backslashes (nested JSON, arrays) or, for an
     * apostrophe, doubled (SQL literals).
     */
    private static String forms(String secret) {
        StringBuilder regex = new StringBuilder("(?:");
        secret.codePoints().forEach(cp -> {
            char[] units = Character.toChars(cp);
            regex.append("(?:").append(Pattern.quote(new String(units))).append('|');
            for (char unit : units) {
                regex.append("\\\\+u").append(hex(unit));
            }
            regex.append(
                            switch (cp) {
                                case '"' -> "|\\\\+\"";
                                case '\\' -> "|\\\\+";
                                case '\'' -> "|'+";
                                case '/' -> "|\\\\+/";
                                case '\n' -> "|\\\\+n";
                                case '\r' -> "|\\\\+r";
                                case '\t' -> "|\\\\+t";
                                case '\b' -> "|\\\\+b";
                                case '\f' -> "|\\\\+f";
                                default -> "";
                            })
                    .append(')');
        });
        return regex.append(')').toString();
    }

    private static String hex(char unit) {
        return String.format(java.util.Locale.ROOT, "%04x", (int) unit);
    }

    /** The text with every registered secret and URL password replaced by {@value #MASK}. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        Pattern forms = secretForms;
        if (forms != null) {
            result = forms.matcher(result).replaceAll(MASK);
        }
        result = JDBC_URL.matcher(result)
                .replaceAll(url -> Matcher.quoteReplacement(
                        JdbcUrlSyntax.passwordMayRunToTheEnd(url.group()) ? maskedToTheEnd(url.group()) : url.group()));
        result = URL_PASSWORD.matcher(result).replaceAll("$1" + MASK);
        return URL_USERINFO.matcher(result).replaceAll("$1" + MASK + "@");
    }

    /**
     * A JDBC URL (the whole text) with its password masked: like {@link #redact}, and when the driver cannot read the
     * URL or a parameter without {@code =} follows the password, as {@link #redactUnparseableUrl}.
     */
    public static String redactUrl(String url) {
        return url == null || !JdbcUrlSyntax.passwordMayRunToTheEnd(url) ? redact(url) : redactUnparseableUrl(url);
    }

    /**
     * A JDBC URL (the whole text) that the driver cannot read, so that where its password ends is unknown: everything
     * after {@code password=} up to the end is masked, and so is the user information before the last {@code @}.
     */
    public static String redactUnparseableUrl(String url) {
        return url == null ? null : redact(maskedToTheEnd(url));
    }

    private static String maskedToTheEnd(String url) {
        Matcher password = PASSWORD_PARAMETER.matcher(url);
        String masked = password.find() ? url.substring(0, password.end()) + MASK : url;
        int authority = masked.indexOf("//");
        int at = masked.lastIndexOf('@');
        if (authority >= 0 && at > authority) {
            int colon = masked.indexOf(':', authority + 2);
            int from = colon >= 0 && colon < at ? colon + 1 : authority + 2;
            masked = masked.substring(0, from) + MASK + masked.substring(at);
        }
        return masked;
    }

    /**
     * An exception safe to keep as the cause of a diagnostic: {@code t} itself when no message in its
     * cause chain (or among the suppressed) holds a secret, otherwise a copy of the chain with every message
     * redacted, keeping each exception's class name, SQLState and stack trace. A server error that echoes a
     * value (e.g. {@code invalid input syntax for type integer: "..."}) would otherwise print the secret
     * with the stack trace.
     */
    public static Throwable scrub(Throwable t) {
        return t == null || !holdsSecret(t, 0) ? t : copy(t, 0);
    }

    private static boolean holdsSecret(Throwable t, int depth) {
        if (t == null || depth > MAX_DEPTH) {
            return false;
        }
        String message = t.getMessage();
        if (message != null && !message.equals(redact(message))) {
            return true;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            if (holdsSecret(suppressed, depth + 1)) {
                return true;
            }
        }
        return t.getCause() != t && holdsSecret(t.getCause(), depth + 1);
    }

    private static Throwable copy(Throwable t, int depth) {
        if (t == null || depth > MAX_DEPTH) {
            return null;
        }
        Throwable cause = t.getCause() == t ? null : copy(t.getCause(), depth + 1);
        String state = t instanceof SQLException s ? s.getSQLState() : null;
        int vendorCode = t instanceof SQLException s ? s.getErrorCode() : 0;
        RedactedException redacted =
                new RedactedException(t.getClass().getName(), redact(t.getMessage()), state, vendorCode, cause);
        redacted.setStackTrace(t.getStackTrace());
        for (Throwable suppressed : t.getSuppressed()) {
            redacted.addSuppressed(copy(suppressed, depth + 1));
        }
        return redacted;
    }

    /**
     * A stand-in for a database error whose texts may echo secret values in forms no mask recognises: it carries the
     * class name, SQLState, vendor code and stack trace of {@code e} with {@code message} (which the caller has freed
     * of values), and neither its cause nor its suppressed exceptions.
     */
    public static SQLException withheld(SQLException e, String message) {
        RedactedException standIn =
                new RedactedException(e.getClass().getName(), redact(message), e.getSQLState(), e.getErrorCode(), null);
        standIn.setStackTrace(e.getStackTrace());
        return standIn;
    }

    /**
     * A copy of an exception whose message held a secret, or a stand-in for one whose values were withheld; prints as the
     * original class with the redacted message.
     */
    public static final class RedactedException extends SQLException {
        private static final long serialVersionUID = 1L;
        private final String originalClass;

        RedactedException(String originalClass, String message, String sqlState, int vendorCode, Throwable cause) {
            super(message, sqlState, vendorCode, cause);
            this.originalClass = originalClass;
        }

        /** The class name of the exception this is a redacted copy of. */
        public String originalClass() {
            return originalClass;
        }

        @Override
        public String toString() {
            String message = getLocalizedMessage();
            return message == null ? originalClass : originalClass + ": " + message;
        }
    }
}
