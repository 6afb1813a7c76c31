package io.lucidity.migrator.testing.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the fixtures need to know about the server.
 *
 * @param version        {@code server_version}, e.g. {@code 15.20 (Debian 15.20-0+deb12u1)}
 * @param versionNum     {@code server_version_num}, e.g. 150020
 * @param maxConnections {@code max_connections}
 * @param superuser      whether the fixtures' user is a superuser
 */
record ServerFacts(String version, int versionNum, int maxConnections, boolean superuser) {

    static ServerFacts read(Connection c) throws SQLException {
        return new ServerFacts(
                Sql.string(c, "SHOW server_version"),
                Integer.parseInt(Sql.string(c, "SHOW server_version_num")),
                Integer.parseInt(Sql.string(c, "SHOW max_connections")),
                "on".equals(Sql.string(c, "SHOW is_superuser")));
    }

    int major() {
        return versionNum / 10000;
    }

    /** CREATE DATABASE ... STRATEGY exists from PostgreSQL 15. */
    boolean hasStrategy() {
        return versionNum >= 150000;
    }

    /** DROP DATABASE ... WITH (FORCE) exists from PostgreSQL 13. */
    boolean hasDropForce() {
        return versionNum >= 130000;
    }

    /** The version CREATE EXTENSION would install for each named extension ("absent" when unavailable). */
    static Map<String, String> extensionVersions(Connection c, List<String> names) throws SQLException {
        Map<String, String> versions = new TreeMap<>();
        for (String name : names) {
            String version = Sql.string(c, "SELECT default_version FROM pg_available_extensions WHERE name = ?", name);
            versions.put(name, version == null ? "absent" : version);
        }
        return versions;
    }
}
