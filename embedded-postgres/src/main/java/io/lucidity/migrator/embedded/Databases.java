package io.lucidity.migrator.embedded;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import javax.sql.DataSource;

/** Creates and drops databases through a connection to the maintenance database. */
final class Databases {

    static final String NAME_PREFIX = "mig_";
    private static final int MAX_NAME_BYTES = 63;
    private static final int CREATE_ATTEMPTS = 20;
    /** "source database is being accessed by other users": template1 is briefly busy. */
    private static final String OBJECT_IN_USE = "55006";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Databases() {}

    /** A new name like {@code mig_3f9c0a1b2c3d4e5f}: prefix plus 64 random bits. */
    static String uniqueName() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return NAME_PREFIX + HexFormat.of().formatHex(bytes);
    }

    static void create(DataSource maintenance, String name) {
        String sql = "CREATE DATABASE " + quoteIdentifier(name);
        for (int attempt = 1; ; attempt++) {
            try {
                execute(maintenance, sql);
                return;
            } catch (SQLException e) {
                if (!OBJECT_IN_USE.equals(e.getSQLState()) || attempt >= CREATE_ATTEMPTS) {
                    throw new EmbeddedPostgresException("Could not create database " + name + ": " + e.getMessage(), e);
                }
                pause(attempt);
            }
        }
    }

    static void drop(DataSource maintenance, String name) {
        try {
            execute(maintenance, "DROP DATABASE IF EXISTS " + quoteIdentifier(name) + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new EmbeddedPostgresException("Could not drop database " + name + ": " + e.getMessage(), e);
        }
    }

    static String quoteIdentifier(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("database name must not be blank");
        }
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("database name longer than " + MAX_NAME_BYTES + " bytes: " + name);
        }
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(50L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedPostgresException("Interrupted while creating a database.", e);
        }
    }
}
