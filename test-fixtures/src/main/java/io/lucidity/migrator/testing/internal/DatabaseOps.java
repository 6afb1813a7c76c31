package io.lucidity.migrator.testing.internal;

import io.lucidity.migrator.testing.FixtureException;
import java.sql.SQLException;

/**
 * CREATE and DROP DATABASE on the fixtures' server. On a throwaway server (local, docker) from PostgreSQL 15,
 * copies use {@code STRATEGY FILE_COPY}; on the local provider databases live in the RAM tablespace when there is
 * one. Elsewhere the server's default strategy is used, so that a shared server is not forced to checkpoint.
 */
final class DatabaseOps {
    /** "source database is being accessed by other users": a template is briefly busy. */
    private static final String OBJECT_IN_USE = "55006";

    private static final int CREATE_ATTEMPTS = 20;

    private final Maintenance maintenance;
    private final ServerFacts facts;
    private final boolean fileCopy;
    private final String tablespace;

    DatabaseOps(Maintenance maintenance, ServerFacts facts, boolean throwaway, String tablespace) {
        this.maintenance = maintenance;
        this.facts = facts;
        this.fileCopy = throwaway && facts.hasStrategy();
        this.tablespace = tablespace;
    }

    ServerFacts facts() {
        return facts;
    }

    Maintenance maintenance() {
        return maintenance;
    }

    /** The strategy clause in use, for reports: {@code FILE_COPY} or the server's default. */
    String strategy() {
        return fileCopy ? "FILE_COPY" : "server default";
    }

    /** The tablespace new databases go to, or null for the default. */
    String tablespace() {
        return tablespace;
    }

    /** Creates an empty database (from template1), in the RAM tablespace when there is one. */
    void createEmpty(String name) {
        create(
                name,
                "CREATE DATABASE " + Sql.ident(name)
                        + (tablespace == null ? "" : " TABLESPACE " + Sql.ident(tablespace))
                        + (fileCopy ? " STRATEGY FILE_COPY" : ""),
                "template1");
    }

    /** Creates {@code name} as a copy of {@code template}. */
    void cloneFrom(String template, String name) {
        create(
                name,
                "CREATE DATABASE " + Sql.ident(name) + " TEMPLATE " + Sql.ident(template)
                        + (fileCopy ? " STRATEGY FILE_COPY" : ""),
                template);
    }

    private void create(String name, String sql, String template) {
        for (int attempt = 1; ; attempt++) {
            try {
                maintenance.execute(sql);
                return;
            } catch (SQLException e) {
                if (!OBJECT_IN_USE.equals(e.getSQLState()) || attempt >= CREATE_ATTEMPTS) {
                    throw new FixtureException(
                            "Could not create the test database " + name + " from " + template + ": " + e.getMessage()
                                    + " (SQLState " + e.getSQLState() + "). Statement: " + sql,
                            e);
                }
                pause(attempt);
            }
        }
    }

    /** Drops a database if it exists, ending its sessions. */
    void drop(String name) {
        try {
            if (facts.hasDropForce()) {
                maintenance.execute("DROP DATABASE IF EXISTS " + Sql.ident(name) + " WITH (FORCE)");
            } else {
                maintenance.call(c -> {
                    Sql.strings(c, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?", name);
                    Sql.execute(c, "DROP DATABASE IF EXISTS " + Sql.ident(name));
                    return null;
                });
            }
        } catch (SQLException e) {
            throw new FixtureException(
                    "Could not drop the test database " + name + ": " + e.getMessage()
                            + " (SQLState " + e.getSQLState() + "). Drop it by hand: DROP DATABASE " + Sql.ident(name)
                            + " WITH (FORCE);",
                    e);
        }
    }

    /** Sets the database's comment (the fixtures' markers). */
    void comment(String name, String text) {
        try {
            maintenance.execute("COMMENT ON DATABASE " + Sql.ident(name) + " IS " + Sql.literal(text));
        } catch (SQLException e) {
            throw new FixtureException("Could not comment on database " + name + ": " + e.getMessage(), e);
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(20L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FixtureException("Interrupted while creating a test database.", e);
        }
    }
}
