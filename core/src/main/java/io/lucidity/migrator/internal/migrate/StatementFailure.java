package io.lucidity.migrator.internal.migrate;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.internal.Facts;
import io.lucidity.migrator.internal.NameList;
import io.lucidity.migrator.internal.config.FrontEnd;
import io.lucidity.migrator.internal.jdbc.SqlErrors;
import io.lucidity.migrator.internal.resolve.ResolvedMigration;
import io.lucidity.migrator.internal.resolve.ScriptStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns a failed migration statement into its diagnostic: what failed (migration, line, statement,
 * SQLState, server message), what state the database is left in, and the remedy.
 */
final class StatementFailure {

    /**
     * Where the failure happened.
     *
     * @param migration         the failing migration
     * @param statement         the failing statement (null when the failure was in bookkeeping)
     * @param rolledBack        migrations of the same transaction, before the failing one, now rolled back
     * @param committedBefore   migrations committed earlier in this upgrade
     * @param previousRevision  the revision just before the failing migration in the plan (for the stamp remedy)
     * @param transactional     whether the failing migration ran in a transaction
     * @param blockers          sessions seen blocking the statement
     * @param earlier           this build's versioned migrations before the failing one, in order
     * @param frontEnd          whose words the remedies use for a setting
     * @param batch             where the failing transaction stands among the batches of an upgrade from an empty
     *                          database, or null
     */
    record Context(
            ResolvedMigration migration,
            ScriptStatement statement,
            List<ResolvedMigration> rolledBack,
            List<String> committedBefore,
            String previousRevision,
            boolean transactional,
            List<Blocker> blockers,
            List<ResolvedMigration> earlier,
            FrontEnd frontEnd,
            Batch batch) {}

    /**
     * The failing batch of an upgrade from an empty database.
     *
     * @param number       1-based
     * @param count        the batches of the upgrade
     * @param batching     their sizing
     * @param firstOfBatch the label of the batch's first migration, where starting again continues
     */
    record Batch(int number, int count, Batching batching, String firstOfBatch) {
        String describe() {
            return number + " of " + count + " (an upgrade from an empty database: " + batching.describe() + ")";
        }

        String remedy() {
            return " This upgrade from an empty database runs in " + count + " batches, one transaction each: "
                    + (number == 1
                            ? "none was committed"
                            : "batches 1 to " + (number - 1) + " are committed and stay (applied before the failure)")
                    + ", batch " + number + " was rolled back. Starting again continues in batches with "
                    + firstOfBatch + ".";
        }
    }

    /** {@code out of shared memory}: in a migration, the lock table is full (max_locks_per_transaction). */
    private static final String OUT_OF_SHARED_MEMORY = "53200";

    private StatementFailure() {}

    static MigratorException translate(SQLException e, Context ctx) {
        String state = SqlErrors.rootSqlException(e).getSQLState();
        Facts facts = facts(e, ctx);
        String target = ctx.migration().versionText();
        if (state != null && SqlErrors.ALREADY_EXISTS.contains(state)) {
            Optional<ResolvedMigration> creator = EarlierCreation.find(SqlErrors.message(e), state, ctx.earlier());
            creator.ifPresent(m -> facts.and("created earlier by", m.label()));
            return failure(
                    ctx,
                    DiagnosticCode.OBJECT_EXISTS,
                    "Migration " + ctx.migration().label() + " creates something that already exists: "
                            + SqlErrors.message(e),
                    facts.map(),
                    creator.map(m -> duplicateRemedy(ctx, m)).orElseGet(() -> existsRemedy(ctx)),
                    e);
        }
        if (SqlErrors.LOCK_NOT_AVAILABLE.equals(state)) {
            int attempts = e instanceof LockRetriesExhausted exhausted ? exhausted.attempts() : 1;
            if (attempts > 1) {
                facts.and(
                        "attempts",
                        attempts + " (" + ctx.frontEnd().name("ddl-lock-retries") + ": " + (attempts - 1)
                                + " retries, each after a pause)");
            }
            return failure(
                    ctx,
                    DiagnosticCode.DDL_LOCK_TIMEOUT,
                    "Migration " + ctx.migration().label() + " waited longer than "
                            + ctx.frontEnd().name("ddl-lock-timeout") + " for a lock"
                            + (attempts > 1 ? ", " + attempts + " times." : "."),
                    facts.and(
                                    "blocking sessions",
                                    ctx.blockers().isEmpty()
                                            ? "not sampled (they ended, or the wait was short)"
                                            : ctx.blockers().stream()
                                                    .map(Blocker::describe)
                                                    .collect(Collectors.joining("\n")))
                            .map(),
                    lockRemedy(ctx),
                    e);
        }
        if (SqlErrors.INSUFFICIENT_PRIVILEGE.equals(state)) {
            return failure(
                    ctx,
                    DiagnosticCode.INSUFFICIENT_PRIVILEGE,
                    "Migration " + ctx.migration().label() + " lacks a privilege: " + SqlErrors.message(e),
                    facts.map(),
                    "Run migrations as the owner of the schema and its tables ("
                            + ctx.frontEnd().name("migration-user") + "), "
                            + "or have an administrator grant what the statement needs.",
                    e);
        }
        if (SqlErrors.READ_ONLY.equals(state)) {
            return failure(
                    ctx,
                    DiagnosticCode.READ_ONLY,
                    "The database is read-only; migration " + ctx.migration().label() + " cannot run.",
                    facts.map(),
                    "Point " + ctx.frontEnd().name("url") + " (or "
                            + ctx.frontEnd().name("migration-url")
                            + ") at the primary server, not a standby or read-only replica.",
                    e);
        }
        if (SqlErrors.IN_TRANSACTION_BLOCK.equals(state)) {
            return failure(
                    ctx,
                    DiagnosticCode.MIGRATION_FAILED,
                    "Migration " + ctx.migration().label() + " holds a statement PostgreSQL refuses in a transaction.",
                    facts.map(),
                    "Mark it non-transactional: put `-- flyway:executeInTransaction=false` on its first line, or create "
                            + ctx.migration().script() + ".conf containing executeInTransaction=false.",
                    e);
        }
        if (OUT_OF_SHARED_MEMORY.equals(state)
                && ctx.transactional()
                && !ctx.rolledBack().isEmpty()) {
            return failure(
                    ctx,
                    DiagnosticCode.MIGRATION_FAILED,
                    "Migration " + ctx.migration().label() + " failed: the transaction holding it and the "
                            + ctx.rolledBack().size() + " pending migration(s) before it took more locks than the "
                            + "server's lock table holds.",
                    facts.map(),
                    "Apply them one transaction per migration: set "
                            + ctx.frontEnd().assign("transaction-mode", "per-migration")
                            + " for this upgrade, or raise max_locks_per_transaction on the "
                            + "server; the transaction was rolled back, nothing of it remains.",
                    e);
        }
        return failure(
                ctx,
                DiagnosticCode.MIGRATION_FAILED,
                "Migration " + ctx.migration().label() + " failed: " + SqlErrors.message(e),
                facts.map(),
                "Correct " + ctx.migration().displayPath() + (target == null ? "" : " (version " + target + ")")
                        + " and start again"
                        + (ctx.transactional() ? "; the transaction was rolled back, nothing of it remains." : "."),
                e);
    }

    /** The diagnostic, its remedy followed by where the batches of an upgrade from empty stand. */
    private static MigratorException failure(
            Context ctx,
            DiagnosticCode code,
            String summary,
            Map<String, String> facts,
            String remedy,
            SQLException e) {
        return MigratorException.of(
                code,
                summary,
                facts,
                ctx.batch() == null ? remedy : remedy + ctx.batch().remedy(),
                e);
    }

    private static Facts facts(SQLException e, Context ctx) {
        SQLException root = SqlErrors.rootSqlException(e);
        Facts facts = Facts.of("migration", ctx.migration().displayPath());
        if (ctx.statement() != null) {
            facts.and("line", errorLine(ctx.statement(), SqlErrors.position(e)))
                    .and("statement", ctx.statement().abbreviated(400));
        }
        facts.and("SQLState", root.getSQLState())
                .and("error", SqlErrors.message(e))
                .and("detail", SqlErrors.detail(e))
                .and("hint", SqlErrors.hint(e));
        if (ctx.transactional()) {
            List<String> rolledBack = new ArrayList<>();
            ctx.rolledBack().forEach(m -> rolledBack.add(m.label()));
            rolledBack.add(ctx.migration().label());
            facts.and("rolled back", NameList.of(rolledBack));
        }
        if (!ctx.committedBefore().isEmpty()) {
            facts.and("applied before the failure", NameList.of(ctx.committedBefore()));
        }
        if (ctx.batch() != null) {
            facts.and("batch", ctx.batch().describe());
        }
        return facts;
    }

    /** The script line of the error: the statement's first line plus the lines before the error position. */
    static int errorLine(ScriptStatement statement, int position) {
        if (position <= 0) {
            return statement.line();
        }
        String sql = statement.sql();
        int end = Math.min(position - 1, sql.length());
        int lines = 0;
        for (int i = 0; i < end; i++) {
            if (sql.charAt(i) == '\n') {
                lines++;
            }
        }
        return statement.line() + lines;
    }

    /** The object comes from an earlier migration of this build: the new migration is wrong, not the database. */
    private static String duplicateRemedy(Context ctx, ResolvedMigration creator) {
        return "Migration " + creator.label() + " of this build already creates it, so every database that runs both "
                + "fails here. Correct " + ctx.migration().displayPath() + ": leave out what " + creator.label()
                + " already does, or change the object with ALTER instead of creating it again; then start again. "
                + "Do not stamp " + ctx.migration().script() + " as applied: a stamped duplicate still fails on every "
                + "fresh database.";
    }

    private static String existsRemedy(Context ctx) {
        String version = ctx.migration().versionText();
        String verify = "Was it applied by hand? Verify that the database matches "
                + ctx.migration().script() + ", then ";
        if (version == null) {
            return verify + "make the repeatable script idempotent (CREATE OR REPLACE, IF NOT EXISTS) and start again.";
        }
        if (ctx.transactional() && !ctx.rolledBack().isEmpty()) {
            return verify + "apply the migrations before it and record it as applied: "
                    + ctx.frontEnd()
                            .command(
                                    "upgrade --target " + ctx.previousRevision(),
                                    "upgradeTo(\"" + ctx.previousRevision() + "\")")
                    + ", then " + ctx.frontEnd().stamp(version) + ", then start again.";
        }
        return verify + "record it as applied: " + ctx.frontEnd().stamp(version) + ", then start again. "
                + "If it only partly matches, complete or undo the difference by hand first.";
    }

    private static String lockRemedy(Context ctx) {
        String end = ctx.blockers().isEmpty()
                ? ""
                : " To end the blocker now: SELECT pg_terminate_backend("
                        + ctx.blockers().get(0).pid() + ");";
        return "Nothing of the migration was kept" + (ctx.transactional() ? " (rolled back)" : "")
                + ". Let the blocking transaction finish, or end it, then start again; or raise "
                + ctx.frontEnd().name("ddl-lock-timeout") + " for this deploy." + end;
    }
}
