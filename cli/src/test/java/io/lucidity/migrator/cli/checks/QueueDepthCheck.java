package io.lucidity.migrator.cli.checks;

import io.lucidity.migrator.CheckResult;
import io.lucidity.migrator.PreUpgradeCheck;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A check contributed in code, found by the CLI through {@code META-INF/services/io.lucidity.migrator.PreUpgradeCheck}
 * when its jar (here: the test classes) is on the class path: blocks while jobs are queued.
 */
public final class QueueDepthCheck implements PreUpgradeCheck {

    @Override
    public String name() {
        return "queue-depth";
    }

    @Override
    public CheckResult run(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM jobs WHERE state = 'queued'")) {
            rs.next();
            long queued = rs.getLong(1);
            return queued == 0
                    ? CheckResult.pass(name(), "no job queued")
                    : CheckResult.block(name(), queued + " job(s) queued; wait for the workers to drain the queue");
        }
    }
}
