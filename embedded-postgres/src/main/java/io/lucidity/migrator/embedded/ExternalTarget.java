package io.lucidity.migrator.embedded;

import java.util.Arrays;
import java.util.Properties;
import java.util.stream.Collectors;
import org.postgresql.Driver;

/**
 * A running server named by {@code MIGRATOR_TEST_JDBC_URL}, with the credentials from
 * {@code MIGRATOR_TEST_USER}/{@code MIGRATOR_TEST_PASSWORD}, the URL, or defaults.
 */
record ExternalTarget(ServerAddress address, String database, String user, String password) {

    private static final String PREFIX = "jdbc:postgresql:";
    private static final String DEFAULT_USER = "postgres";
    private static final String DEFAULT_DATABASE = "postgres";
    private static final int DEFAULT_PORT = 5432;

    /**
     * Reads the target from the environment.
     *
     * @throws EmbeddedPostgresException when the URL is missing or not a PostgreSQL JDBC URL
     */
    static ExternalTarget fromEnvironment(Environment environment) {
        String url = environment.get(Environment.JDBC_URL);
        if (url == null) {
            throw new EmbeddedPostgresException("The EXTERNAL PostgreSQL provider needs "
                    + Environment.JDBC_URL + " set to the JDBC URL of a running server (e.g. "
                    + "jdbc:postgresql://localhost:5432/postgres), with " + Environment.USER + " and "
                    + Environment.PASSWORD + " for a superuser or a role with CREATEDB. Set it, or unset "
                    + Environment.PROVIDER + " to start a local server.");
        }
        Properties parsed = url.startsWith(PREFIX) ? Driver.parseURL(url, null) : null;
        if (parsed == null) {
            throw new EmbeddedPostgresException(Environment.JDBC_URL + " is not a PostgreSQL JDBC URL "
                    + "(expected jdbc:postgresql://host:port/database): " + redact(url));
        }
        return new ExternalTarget(
                address(url, parsed), database(parsed), user(environment, parsed), password(environment, parsed));
    }

    /** The URL with any password parameter masked, for messages. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private static ServerAddress address(String url, Properties parsed) {
        String host = first(parsed.getProperty("PGHOST", "localhost"));
        String portText = first(parsed.getProperty("PGPORT", Integer.toString(DEFAULT_PORT)));
        int port = portText.isEmpty() ? DEFAULT_PORT : Integer.parseInt(portText);
        String hostSpec = rawHostSpec(url);
        if (hostSpec.isEmpty()) {
            hostSpec = host + ":" + port;
        }
        return new ServerAddress(hostSpec, host, port, queryWithoutCredentials(url));
    }

    private static String rawHostSpec(String url) {
        String rest = url.substring(PREFIX.length());
        if (!rest.startsWith("//")) {
            return "";
        }
        rest = rest.substring(2);
        int end = rest.length();
        for (char stop : new char[] {'/', '?'}) {
            int index = rest.indexOf(stop);
            if (index >= 0) {
                end = Math.min(end, index);
            }
        }
        return rest.substring(0, end);
    }

    private static String queryWithoutCredentials(String url) {
        int index = url.indexOf('?');
        if (index < 0) {
            return "";
        }
        return Arrays.stream(url.substring(index + 1).split("&"))
                .filter(parameter -> !parameter.isEmpty())
                .filter(parameter -> !isCredential(parameter))
                .collect(Collectors.joining("&"));
    }

    private static boolean isCredential(String parameter) {
        String name = parameter.split("=", 2)[0].toLowerCase(java.util.Locale.ROOT);
        return name.equals("user") || name.equals("password");
    }

    private static String database(Properties parsed) {
        String database = parsed.getProperty("PGDBNAME", "");
        return database.isBlank() ? DEFAULT_DATABASE : database;
    }

    private static String user(Environment environment, Properties parsed) {
        String user = environment.get(Environment.USER);
        if (user != null) {
            return user;
        }
        String fromUrl = parsed.getProperty("user", "");
        return fromUrl.isBlank() ? DEFAULT_USER : fromUrl;
    }

    private static String password(Environment environment, Properties parsed) {
        String password = environment.get(Environment.PASSWORD);
        if (password != null) {
            return password;
        }
        String fromUrl = parsed.getProperty("password");
        return fromUrl != null ? fromUrl : environment.get(Environment.PGPASSWORD);
    }

    private static String first(String commaSeparated) {
        return commaSeparated.split(",", -1)[0].trim();
    }
}
