package io.lucidity.migrator.internal.check;

import io.lucidity.migrator.CheckResult;
import io.lucidity.migrator.PreUpgradeCheck;
import io.lucidity.migrator.internal.Redactor;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A drain check from SQL: passes when the query returns no rows or a single zero. */
public record SqlDrainCheck(String name, String sql) implements PreUpgradeCheck {

    @Override
    public CheckResult run(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                return CheckResult.pass(name, "no rows");
            }
            String first = rs.getString(1);
            boolean single = rs.getMetaData().getColumnCount() == 1 && !rs.next();
            if (single && first != null && first.trim().matches("0+(\\.0+)?")) {
                return CheckResult.pass(name, "0");
            }
            return CheckResult.block(
                    name,
                    single
                            ? "returned " + Redactor.redact(first) + " (must be 0 or no rows): " + sql
                            : "returned rows (must return none or a single 0): " + sql);
        }
    }
}
