package io.lucidity.migrator.internal;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.internal.config.FrontEnd;
import io.lucidity.migrator.internal.jdbc.Sql;
import io.lucidity.migrator.internal.jdbc.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;

/** The diagnostics the commands share: privileges, read-only servers and sessions, unexpected database errors. */
final class Diagnostics {
    private final MigratorConfig config;
    private final String target;

    /**
     * @param target where the migration connection goes, for messages (password masked)
     */
    Diagnostics(MigratorConfig config, String target) {
        this.config = config;
        this.target = target;
    }

    /** The insufficient-privilege diagnostic for bookkeeping work. */
    public MigratorException privilege(String what, SQLException e) {
        return MigratorException.of(
                DiagnosticCode.INSUFFICIENT_PRIVILEGE,
                "The role may not " + what + ": " + SqlErrors.message(e),
                Facts.of("schema", config.schema())
                        .and("SQLState", e.getSQLState())
                        .and("error", SqlErrors.message(e))
                        .map(),
                "Run migrations as the owner of schema " + config.schema() + " ("
                        + FrontEnd.of(config.integration()).name("migration-user") + "), "
                        + "or GRANT CREATE, USAGE ON SCHEMA "
                        + Sql.ident(config.schema()) + " TO <role>;",
                e);
    }

    /** A diagnostic for an unexpected database error during {@code what}. */
    public MigratorException databaseError(String what, SQLException e) {
        SQLException root = SqlErrors.rootSqlException(e);
        if (SqlErrors.INSUFFICIENT_PRIVILEGE.equals(root.getSQLState())) {
            return privilege("do what " + what.toLowerCase() + " needs", root);
        }
        if (SqlErrors.READ_ONLY.equals(root.getSQLState())) {
            return MigratorException.of(
                    DiagnosticCode.READ_ONLY,
                    what + " failed: the database is read-only.",
                    Facts.of("error", SqlErrors.message(root)).map(),
                    "Point url (or migration-url) at the primary server.",
                    e);
        }
        return MigratorException.of(
                DiagnosticCode.DATABASE_ERROR,
                what + " failed: " + SqlErrors.message(root),
                Facts.of("SQLState", root.getSQLState())
                        .and("error", SqlErrors.message(root))
                        .and("connected to", target)
                        .map(),
                SqlErrors.isConnectionLost(root.getSQLState())
                        ? "The connection was lost; start again. A step that ran outside a transaction is detected and explained then."
                        : "Check the database log for the cause and start again.",
                e);
    }

    /** The server is a hot standby. */
    public MigratorException readOnlyStandby(Connection c) throws SQLException {
        return MigratorException.of(
                DiagnosticCode.READ_ONLY,
                "The server is a read-only hot standby; migrations cannot run on it.",
                Facts.of("database", Sql.database(c))
                        .and("connected to", target)
                        .and("pg_is_in_recovery()", "true")
                        .map(),
                "Point " + FrontEnd.of(config.integration()).name("url") + " (or "
                        + FrontEnd.of(config.integration()).name("migration-url")
                        + ") at the primary server. Instances on replicas can start once the primary "
                        + "is migrated (they then find the database at head without writing).",
                null);
    }

    /** The session is read-only. */
    public MigratorException readOnlySession(Connection c) throws SQLException {
        return MigratorException.of(
                DiagnosticCode.READ_ONLY,
                "The session is read-only (default_transaction_read_only is on); migrations cannot run.",
                Facts.of("database", Sql.database(c))
                        .and("connected to", target)
                        .map(),
                "Connect as a role without default_transaction_read_only, or point "
                        + FrontEnd.of(config.integration()).name("url") + " at the primary.",
                null);
    }
}
