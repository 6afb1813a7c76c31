package io.lucidity.migrator.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code jdbc:postgresql:} URL with its database replaced: how a fleet reaches each database tenant on the server the
 * configured URL names. Hosts, ports (several, for a multi-host URL) and parameters stay as they are; a
 * {@code PGDBNAME} parameter, which the driver would take over the path, is dropped.
 */
public final class TenantUrl {
    private static final String PREFIX = "jdbc:postgresql:";

    private TenantUrl() {}

    /**
     * {@code url} with {@code database} as its database (percent-encoded as the driver decodes it).
     *
     * @throws IllegalArgumentException when {@code url} is not a {@code jdbc:postgresql:} URL
     */
    public static String withDatabase(String url, String database) {
        if (url == null || !url.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new IllegalArgumentException("not a jdbc:postgresql: URL");
        }
        int query = url.indexOf('?');
        String server = url.substring(PREFIX.length(), query < 0 ? url.length() : query);
        String parameters = query < 0 ? "" : withoutDatabaseParameter(url.substring(query + 1));
        String encoded = URLEncoder.encode(database, StandardCharsets.UTF_8);
        String head;
        if (server.startsWith("//")) {
            // //host[:port][,host[:port]...]/database ; the hosts end at the first / after the //.
            int slash = server.indexOf('/', 2);
            String hosts = slash < 0 ? server.substring(2) : server.substring(2, slash);
            head = "//" + hosts + "/" + encoded;
        } else {
            // jdbc:postgresql:database (localhost:5432) or jdbc:postgresql:/ (the default database)
            head = encoded;
        }
        return url.substring(0, PREFIX.length()) + head + (parameters.isEmpty() ? "" : "?" + parameters);
    }

    private static String withoutDatabaseParameter(String parameters) {
        List<String> kept = new ArrayList<>();
        for (String parameter : parameters.split("&", -1)) {
            int eq = parameter.indexOf('=');
            String name = eq < 0 ? parameter : parameter.substring(0, eq);
            if (!name.toUpperCase(Locale.ROOT).equals("PGDBNAME")) {
                kept.add(parameter);
            }
        }
        return String.join("&", kept);
    }
}
