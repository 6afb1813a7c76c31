package io.lucidity.migrator.internal.backup;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.internal.Facts;
import io.lucidity.migrator.internal.Redactor;
import io.lucidity.migrator.internal.jdbc.Connections;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.postgresql.Driver;

/**
 * The libpq environment ({@code PGHOST}, {@code PGPORT}, {@code PGUSER}, {@code PGPASSWORD}, {@code PGSSLMODE},
 * ...) that points {@code pg_dump} and {@code pg_restore} at the database of Migrator's migration connection
 * (the migration URL when set, else the URL, else the application's DataSource). The password travels only
 * here, never on a command line; inherited variables that could point elsewhere are removed.
 */
final class ClientEnvironment {
    private ClientEnvironment() {}

    /**
     * The variables to set (a null value removes an inherited one).
     *
     * @param connection an open connection to the database, for the DataSource case
     */
    static Map<String, String> of(MigratorConfig config, Connection connection) throws SQLException {
        boolean separate = Connections.separateMigrationLogin(config);
        String url = Connections.migrationUrl(config);
        String user = Connections.migrationUser(config);
        String password =
                separate && config.migrationPassword() != null ? config.migrationPassword() : config.password();
        if (url == null) {
            url = connection.getMetaData().getURL();
            if (user == null) {
                user = connection.getMetaData().getUserName();
            }
        }
        Properties defaults = new Properties();
        if (user != null) {
            defaults.setProperty("user", user);
        }
        if (password != null) {
            defaults.setProperty("password", password);
        }
        Properties p = Driver.parseURL(url, defaults);
        if (p == null) {
            throw MigratorException.of(
                    DiagnosticCode.CONFIG_INVALID,
                    "The JDBC URL cannot be turned into pg_dump's connection settings.",
                    Facts.of("url", Redactor.redact(url)).map(),
                    "Write the URL as jdbc:postgresql://host:port/database.",
                    null);
        }
        Redactor.register(p.getProperty("password"));
        Map<String, String> env = new LinkedHashMap<>();
        for (String inherited : new String[] {
            "PGSERVICE",
            "PGSERVICEFILE",
            "PGHOSTADDR",
            "PGOPTIONS",
            "PGDATABASE",
            "PGTARGETSESSIONATTRS",
            "PGSSLMODE",
            "PGREQUIRESSL"
        }) {
            env.put(inherited, null);
        }
        env.put(
                "PGHOST",
                Arrays.stream(p.getProperty("PGHOST", "localhost").split(","))
                        .map(h -> h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h)
                        .collect(Collectors.joining(",")));
        env.put("PGPORT", p.getProperty("PGPORT", "5432"));
        if (p.getProperty("user") != null) {
            env.put("PGUSER", p.getProperty("user"));
        }
        if (p.getProperty("password") != null) {
            env.put("PGPASSWORD", p.getProperty("password"));
        }
        String sslmode = p.getProperty("sslmode");
        if (sslmode != null) {
            env.put("PGSSLMODE", sslmode);
        } else if ("true".equalsIgnoreCase(p.getProperty("ssl")) || "".equals(p.getProperty("ssl"))) {
            env.put("PGSSLMODE", "verify-full");
        }
        if (p.getProperty("sslrootcert") != null) {
            env.put("PGSSLROOTCERT", p.getProperty("sslrootcert"));
        }
        String target = p.getProperty("targetServerType", "").toLowerCase(Locale.ROOT);
        if (target.equals("primary") || target.equals("master")) {
            env.put("PGTARGETSESSIONATTRS", "read-write");
        }
        env.put("PGAPPNAME", config.applicationName());
        env.put(
                "PGCONNECT_TIMEOUT",
                Long.toString(Math.max(2, config.connectTimeout().toSeconds())));
        return env;
    }

    /** A libpq connection string naming only the database ({@code dbname='...'}); everything else is in the environment. */
    static String dbnameOption(String database) {
        return "--dbname=dbname='" + database.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
