package io.lucidity.migrator.internal.migrate;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.Integration;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.internal.Facts;
import io.lucidity.migrator.internal.config.FrontEnd;
import io.lucidity.migrator.internal.resolve.ScriptStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Pattern;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * Keeps user scripts that run in a transaction Migrator manages (transactional migrations, undo scripts, SQL seeds)
 * from ending or replacing that transaction: a {@code COMMIT} would commit half of an "all or none" upgrade without
 * its history rows, a {@code ROLLBACK} would undo earlier migrations that the history then records as applied.
 * Such statements are refused before anything runs ({@link #refuse}); the transaction state is checked again after
 * every statement ({@link #verifyOpen}), for what a statement's text does not show.
 */
public final class TransactionControl {
    /** COMMIT, END, ABORT, BEGIN, START/PREPARE TRANSACTION, ROLLBACK (not ROLLBACK TO SAVEPOINT), COMMIT/ROLLBACK PREPARED. */
    private static final Pattern ENDS_OR_STARTS =
            Pattern.compile("(?is)^(?:COMMIT|END|ABORT|BEGIN|START\\s+TRANSACTION|PREPARE\\s+TRANSACTION"
                    + "|ROLLBACK(?!\\s+(?:(?:WORK|TRANSACTION)\\s+)?TO\\b))\\b.*");

    private static final Pattern LEADING_COMMENTS = Pattern.compile("(?s)^(?:\\s+|--[^\\n]*(?:\\n|$)|/\\*.*?\\*/)*");

    private TransactionControl() {}

    /**
     * Refuses a script that runs in a transaction and contains a transaction-control statement.
     *
     * @param kind  what the script is, for the message ("migration", "undo script", "seed")
     * @param file  where it is
     * @throws MigratorException {@code MIGRATOR-TRANSACTION-CONTROL} with the file, line and statement
     */
    public static void refuse(String kind, String file, List<ScriptStatement> statements) {
        for (ScriptStatement s : statements) {
            String text = LEADING_COMMENTS.matcher(s.sql()).replaceFirst("");
            if (!s.isCopy() && ENDS_OR_STARTS.matcher(text).matches()) {
                throw MigratorException.of(
                        DiagnosticCode.TRANSACTION_CONTROL,
                        "The " + kind + " " + file + " controls the transaction itself at line " + s.line() + " ("
                                + s.abbreviated(60)
                                + "), but it runs inside the transaction Migrator manages. Nothing ran.",
                        Facts.of(kind, file)
                                .and("line", s.line())
                                .and("statement", s.abbreviated(200))
                                .map(),
                        "Remove the statement: Migrator commits each transactional script with its bookkeeping, all or none. "
                                + "For work that must run outside a transaction, put it in a script of its own with "
                                + "executeInTransaction=false in its .conf file (Flyway's per-script configuration).",
                        null);
            }
        }
    }

    /**
     * Checks, after a statement of a transactional script, that the transaction Migrator opened is still open.
     *
     * @param integration the front end whose words the remedy uses (read only when refusing)
     * @throws MigratorException {@code MIGRATOR-TRANSACTION-CONTROL} when the statement committed or rolled it back
     */
    public static void verifyOpen(
            Connection c, String kind, String file, ScriptStatement statement, Integration integration)
            throws SQLException {
        TransactionState state = c.unwrap(BaseConnection.class).getTransactionState();
        if (state == TransactionState.IDLE) {
            throw MigratorException.of(
                    DiagnosticCode.TRANSACTION_CONTROL,
                    "The " + kind + " " + file + " ended the transaction Migrator manages at line " + statement.line()
                            + ": what ran before it in that transaction was committed or rolled back without its bookkeeping.",
                    Facts.of(kind, file)
                            .and("line", statement.line())
                            .and("statement", statement.abbreviated(200))
                            .map(),
                    "Compare the schema with the history ("
                            + FrontEnd.of(integration).command("status", "status()")
                            + "): an object the statement committed makes the "
                            + "next start fail with MIGRATOR-EXISTS. Remove the transaction control from the script, put the "
                            + "database back as the history says (or stamp it), and start again.",
                    null);
        }
    }
}
