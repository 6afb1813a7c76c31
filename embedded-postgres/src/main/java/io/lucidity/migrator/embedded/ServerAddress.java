package io.lucidity.migrator.embedded;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a server listens and how to build JDBC URLs for its databases.
 *
 * @param hostSpec the URL's authority as written ({@code host:port}, possibly several)
 * @param host the first host
 * @param port the first port
 * @param query URL parameters to keep on every URL (never user or password), may be empty
 */
record ServerAddress(String hostSpec, String host, int port, String query) {

    static ServerAddress local(String host, int port) {
        return new ServerAddress(host + ":" + port, host, port, "");
    }

    /** Returns the JDBC URL of one database on this server; it never contains credentials. */
    String jdbcUrl(String database) {
        String url = "jdbc:postgresql://" + hostSpec + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
        return query.isEmpty() ? url : url + "?" + query;
    }
}
