package io.lucidity.migrator.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds what makes the PostgreSQL driver refuse a JDBC URL, without giving the URL to the driver. The driver's
 * {@code parseURL} (pgjdbc 42.7) returns null for such a URL and logs it through java.util.logging, password and
 * all (at WARNING for a misplaced {@code /}, at FINE for a bad percent-escape). A password pasted into a URL
 * without percent-encoding is the usual cause. These are the same checks, in the same order.
 */
public final class JdbcUrlSyntax {
    private static final String PREFIX = "jdbc:postgresql:";
    /** A {@code %} that does not start a {@code %XX} escape: {@code URLDecoder} throws on it. */
    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    private JdbcUrlSyntax() {}

    /**
     * What is wrong with a {@code jdbc:postgresql:} URL, as a phrase that follows "it", or null when the driver can read
     * it as far as its syntax goes. The phrase never quotes any part of the URL.
     */
    public static String problem(String url) {
        if (url == null || !url.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        int query = url.indexOf('?');
        String server = url.substring(PREFIX.length(), query < 0 ? url.length() : query);
        if (BAD_ESCAPE.matcher(url).find()) {
            return "has a % that does not start a percent-escape (%XX)";
        }
        if (server.indexOf('@') >= 0) {
            return "has user:password@ before the host, which the driver would take for part of the host name";
        }
        if (server.startsWith("//") && !server.equals("//") && !server.equals("///")) {
            String address = server.substring(2);
            int slash = address.indexOf('/');
            if (slash < 0) {
                return "has no / after the host and port";
            }
            if (address.indexOf('/', slash + 1) >= 0) {
                return "has more than one / before the parameters";
            }
            for (String host : address.substring(0, slash).split(",", -1)) {
                int colon = host.lastIndexOf(':');
                if (colon >= 0 && host.lastIndexOf(']') < colon && !isPort(host.substring(colon + 1))) {
                    return "has a port that is not a number from 1 to 65535";
                }
            }
        } else if (server.startsWith("/") && !server.equals("//") && !server.equals("///")) {
            return "has a / but not // after jdbc:postgresql:";
        }
        return null;
    }

    /**
     * Whether a URL needs its password masked to the end: the driver cannot read it, or a parameter without {@code =}
     * follows the password ({@code password=a&b}: the password held a {@code &}).
     */
    static boolean passwordMayRunToTheEnd(String url) {
        if (problem(url) != null) {
            return true;
        }
        int password = url.toLowerCase(Locale.ROOT).indexOf("password=");
        if (password < 0) {
            return false;
        }
        for (String parameter : url.substring(password).split("&")) {
            if (!parameter.isEmpty() && parameter.indexOf('=') < 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPort(String text) {
        return PORT.matcher(text).matches() && Integer.parseInt(text) >= 1 && Integer.parseInt(text) <= 65535;
    }
}
