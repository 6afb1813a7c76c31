package io.lucidity.migrator;

import io.lucidity.migrator.internal.check.SqlDrainCheck;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A pre-upgrade check run by {@link Migrator#check()} and {@code migrator check}: for example "the
 * document queue is drained" or "no document is mid-pipeline". Contribute one in code, or as SQL in
 * {@code migrator.properties} ({@code check.<name>.sql=...}).
 */
public interface PreUpgradeCheck {

    /** A short name shown in the check report. */
    String name();

    /**
     * Runs the check on a connection of the application's database (autocommit, read only).
     *
     * @return the outcome; {@link CheckResult.Outcome#BLOCK} stops the upgrade checklist
     */
    CheckResult run(Connection connection) throws SQLException;

    /**
     * A check that passes when {@code sql} returns no rows or a single zero (e.g.
     * {@code SELECT count(*) FROM documents WHERE pipeline_status NOT IN ('done','failed')}).
     */
    static PreUpgradeCheck sql(String name, String sql) {
        return new SqlDrainCheck(name, sql);
    }
}
