package io.lucidity.migrator.internal.lint;

import io.lucidity.migrator.LintFinding.Severity;
import io.lucidity.migrator.internal.lint.Tokens.Kind;
import io.lucidity.migrator.internal.lint.Tokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The rules over one statement's tokens. Each recognises the statement's shape (the keywords PostgreSQL's grammar puts
 * there), asks the {@link Context} whether the table is new or how large it is, and reports a {@link Hit} with the lock
 * the statement takes and the safe rewrite; statements it does not recognise give nothing.
 */
final class Rules {
    /** Functions whose value differs per row: a default calling one rewrites the table. */
    private static final Set<String> VOLATILE = Set.of(
            "clock_timestamp",
            "random",
            "gen_random_uuid",
            "uuid_generate_v1",
            "uuid_generate_v1mc",
            "uuid_generate_v4",
            "uuidv4",
            "uuidv7",
            "nextval",
            "timeofday",
            "txid_current",
            "setseed");

    private static final Set<String> SERIAL =
            Set.of("serial", "bigserial", "smallserial", "serial2", "serial4", "serial8");

    /** Words that end a column's type or default in a column definition. */
    private static final Set<String> COLUMN_CONSTRAINT = Set.of(
            "not", "null", "constraint", "check", "references", "unique", "primary", "generated", "collate", "default");

    /** Where the second step of a NOT VALID recipe goes. */
    private static final String LATER = "-- in a later migration that runs in its own transaction (a later release,"
            + " executeInTransaction=false in its .conf file, or transaction-mode=per-migration)";

    private final Tokens t;
    private final Context ctx;
    private final Lint.Statement statement;
    private final Consumer<Hit> out;

    private Rules(Tokens t, Context ctx, Lint.Statement statement, Consumer<Hit> out) {
        this.t = t;
        this.ctx = ctx;
        this.statement = statement;
        this.out = out;
    }

    /** Applies every rule to a statement, updating the context. */
    static void apply(Tokens t, Context ctx, Lint.Statement statement, Consumer<Hit> out) {
        new Rules(t, ctx, statement, out).dispatch();
    }

    private void dispatch() {
        if (t.size() == 0) {
            return;
        }
        if (t.is(0, "begin") || t.is(0, "start", "transaction")) {
            ctx.begin();
            return;
        }
        if (t.is(0, "commit") || t.is(0, "end") || t.is(0, "rollback") || t.is(0, "abort")) {
            ctx.commit();
            return;
        }
        if (t.is(0, "create")) {
            int i = 1;
            while (t.at(i) != null
                    && (t.is(i, "or", "replace")
                            || t.is(i, "global")
                            || t.is(i, "local")
                            || t.is(i, "unlogged")
                            || t.is(i, "temporary")
                            || t.is(i, "temp"))) {
                i += t.is(i, "or") ? 2 : 1;
            }
            if (t.is(i, "table")) {
                createTable(i + 1, t.contains(1, i, "temporary") || t.contains(1, i, "temp"));
            } else if (t.is(i, "index") || t.is(i, "unique", "index")) {
                createIndex(t.is(i, "unique") ? i + 2 : i + 1);
            }
        } else if (t.is(0, "drop", "index")) {
            dropIndex(2);
        } else if (t.is(0, "drop", "table")) {
            dropTable(2);
        } else if (t.is(0, "reindex")) {
            reindex();
        } else if (t.is(0, "alter", "table")) {
            alterTable(2);
        } else if (t.is(0, "alter", "type")) {
            alterType();
        } else if (t.is(0, "vacuum")) {
            vacuum();
        } else if (t.is(0, "cluster")) {
            cluster();
        } else if (t.is(0, "lock")) {
            lockTable();
        } else if (t.is(0, "update") || t.is(0, "delete", "from")) {
            dataChange();
        } else if (t.is(0, "truncate")) {
            Name n = name(t.is(1, "table") ? 2 : 1);
            if (n != null) {
                ctx.ddlOn(n.table);
            }
        }
        enumValueUse();
    }

    // --- names

    /** A possibly schema-qualified name at {@code i}, and the index after it. */
    private record Name(String table, String bare, int end) {}

    private Name name(int i) {
        while (t.is(i, "if", "not", "exists") || t.is(i, "if", "exists") || t.is(i, "only")) {
            i += t.is(i, "if", "not") ? 3 : t.is(i, "if") ? 2 : 1;
        }
        Token a = t.at(i);
        if (a == null || !a.name()) {
            return null;
        }
        Token dot = t.at(i + 1);
        Token b = t.at(i + 2);
        if (dot != null && dot.punct('.') && b != null && b.name()) {
            return new Name(ctx.qualify(a.text(), b.text()), b.text(), i + 3);
        }
        return new Name(ctx.qualify(null, a.text()), a.text(), i + 1);
    }

    private String bare(int i) {
        Token a = t.at(i);
        return a != null && a.name() ? a.text() : "?";
    }

    private static String q(String identifier) {
        return identifier.matches("[a-z_][a-z0-9_$]*") ? identifier : '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String show(String qualified) {
        int dot = qualified.indexOf('.');
        return q(qualified.substring(dot + 1));
    }

    // --- reporting

    private void hit(Rule rule, Severity severity, int token, String lock, String message, String fix) {
        hit(rule, severity, token, lock, rule.blocks(), message, fix);
    }

    private void hit(Rule rule, Severity severity, int token, String lock, String blocks, String message, String fix) {
        if (severity == null || ctx.learning()) {
            return;
        }
        Token at = t.at(token);
        int line = at == null ? 0 : at.line() - t.at(0).line();
        out.accept(new Hit(rule, severity, statement, line, lock, blocks, message, fix));
    }

    // --- CREATE TABLE / INDEX, DROP

    private void createTable(int i, boolean temporary) {
        Name n = name(i);
        if (n == null) {
            return;
        }
        if (!temporary) {
            ctx.created(n.table);
        }
        Token open = t.at(n.end);
        if (open == null || !open.punct('(')) {
            return; // AS SELECT, PARTITION OF, ...
        }
        int close = t.afterParens(n.end) - 1;
        for (int[] item : t.items(n.end + 1, close)) {
            Token first = t.at(item[0]);
            if (first == null || !first.name()) {
                continue;
            }
            if (first.kind() == Kind.WORD
                    && Set.of("constraint", "check", "unique", "primary", "foreign", "exclude", "like")
                            .contains(first.text())) {
                int c = t.is(item[0], "constraint") ? item[0] + 2 : item[0];
                if (t.is(c, "check")) {
                    String col = notNullColumn(c + 1);
                    if (col != null) {
                        ctx.notNullCheck(n.table, t.is(item[0], "constraint") ? bare(item[0] + 1) : null, col, true);
                    }
                }
                continue;
            }
            ctx.columnAdded(n.table, first.text(), typeText(item[0] + 1, item[1]));
        }
    }

    private void createIndex(int i) {
        boolean concurrently = t.is(i, "concurrently");
        int on = t.find(i, "on");
        if (on < 0) {
            return;
        }
        String index = on > i + (concurrently ? 1 : 0) ? bare(on - 1) : null;
        Name n = name(on + 1);
        if (n == null) {
            return;
        }
        ctx.touch(n.table);
        if (index != null) {
            ctx.indexCreated(index, n.table);
        }
        if (concurrently) {
            concurrentlyInTransaction(i, "CREATE INDEX CONCURRENTLY");
            return;
        }
        ctx.ddlOn(n.table);
        boolean unique = t.contains(0, i, "unique");
        String columns = t.text(n.end, t.size());
        hit(
                Rule.INDEX_NOT_CONCURRENT,
                ctx.severity(n.table),
                0,
                "SHARE",
                "CREATE INDEX without CONCURRENTLY holds a SHARE lock on " + show(n.table) + ctx.sizeNote(n.table)
                        + " while the whole index is built: every INSERT, UPDATE and DELETE waits until it is done.",
                "-- in a migration of its own (Migrator runs it outside a transaction):\nCREATE "
                        + (unique ? "UNIQUE " : "") + "INDEX CONCURRENTLY IF NOT EXISTS "
                        + (index == null ? "<name>" : q(index)) + " ON " + show(n.table) + " " + columns + ";\n"
                        + "-- if it fails, it leaves an INVALID index: DROP INDEX CONCURRENTLY it and run again.");
    }

    private void dropIndex(int i) {
        boolean concurrently = t.is(i, "concurrently");
        if (concurrently) {
            concurrentlyInTransaction(i, "DROP INDEX CONCURRENTLY");
            return;
        }
        Name n = name(i);
        if (n == null || ctx.isNewIndex(n.bare)) {
            return;
        }
        hit(
                Rule.INDEX_NOT_CONCURRENT,
                ctx.learning() ? null : (ctx.sizes().live() ? Severity.WARNING : Severity.ERROR),
                0,
                Rule.ACCESS_EXCLUSIVE,
                Rule.ALL,
                "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table: every query on"
                        + " it waits, and waits behind any long query already running.",
                "-- in a migration of its own (Migrator runs it outside a transaction):\nDROP INDEX CONCURRENTLY IF EXISTS "
                        + q(n.bare) + ";");
    }

    private void dropTable(int i) {
        Name first = name(i);
        if (first == null) {
            return;
        }
        int k = i;
        while (true) {
            Name n = name(k);
            if (n == null) {
                break;
            }
            ctx.touch(n.table);
            ctx.ddlOn(n.table);
            hit(
                    Rule.DROP_TABLE,
                    ctx.isNew(n.table) || ctx.learning() ? null : Severity.ERROR,
                    0,
                    Rule.ACCESS_EXCLUSIVE,
                    "Dropping " + show(n.table) + " breaks the previous build, which still reads and writes it while"
                            + " the new instances roll out (rolling upgrade): its queries fail until it is stopped.",
                    "-- release N: stop using " + show(n.table) + " in the code and deploy.\n"
                            + "-- release N+1, once no running instance uses it:\nDROP TABLE IF EXISTS " + show(n.table)
                            + ";");
            Token comma = t.at(n.end);
            if (comma == null || !comma.punct(',')) {
                break;
            }
            k = n.end + 1;
        }
    }

    private void reindex() {
        int i = 1;
        if (t.at(i) != null && t.at(i).punct('(')) {
            if (t.contains(i, t.afterParens(i), "concurrently")) {
                concurrentlyInTransaction(i, "REINDEX (CONCURRENTLY)");
                return;
            }
            i = t.afterParens(i);
        }
        Token kind = t.at(i);
        if (kind == null) {
            return;
        }
        if (t.is(i + 1, "concurrently")) {
            concurrentlyInTransaction(i + 1, "REINDEX CONCURRENTLY");
            return;
        }
        Name n = name(i + 1);
        String target = n == null ? "<name>" : n.bare;
        Severity severity = Severity.ERROR;
        if (n != null && kind.word("table")) {
            ctx.touch(n.table);
            severity = ctx.severity(n.table);
        } else if (n != null && kind.word("index") && ctx.isNewIndex(n.bare)) {
            severity = null;
        } else if (ctx.sizes().live()) {
            severity = Severity.WARNING;
        }
        if (ctx.sizes().serverVersion() < 120000) {
            severity = severity == null ? null : Severity.WARNING;
        }
        hit(
                Rule.REINDEX_NOT_CONCURRENT,
                severity,
                0,
                Rule.REINDEX_NOT_CONCURRENT.lock(),
                "REINDEX without CONCURRENTLY blocks writes to the table, and reads that would use the index, until"
                        + " every index is rebuilt.",
                "-- in a migration of its own (Migrator runs it outside a transaction), PostgreSQL 12+:\nREINDEX "
                        + kind.text().toUpperCase(java.util.Locale.ROOT) + " CONCURRENTLY " + q(target) + ";");
    }

    private void concurrentlyInTransaction(int token, String what) {
        if (ctx.transactional()) {
            hit(
                    Rule.CONCURRENTLY_IN_TRANSACTION,
                    Severity.ERROR,
                    token,
                    Rule.CONCURRENTLY_IN_TRANSACTION.lock(),
                    what + " cannot run inside a transaction block, and this statement runs in one"
                            + " (executeInTransaction=true in the migration's .conf file, or a BEGIN before it): the"
                            + " server refuses it and the upgrade fails.",
                    "-- remove BEGIN/COMMIT and executeInTransaction=true, and keep the statement in a migration of"
                            + " its own:\n-- Migrator then runs it alone, outside any transaction, and journals its"
                            + " start and end.");
        }
    }

    // --- ALTER TABLE

    private void alterTable(int i) {
        Name n = name(i);
        if (n == null) {
            return;
        }
        ctx.touch(n.table);
        if (t.is(n.end, "rename", "to")) {
            renameTable(n, n.end + 2);
            return;
        }
        if (t.is(n.end, "rename", "constraint")) {
            return;
        }
        if (t.is(n.end, "rename")) {
            int c = t.is(n.end + 1, "column") ? n.end + 2 : n.end + 1;
            renameColumn(n, bare(c), t.is(c + 1, "to") ? bare(c + 2) : "?");
            return;
        }
        if (t.is(n.end, "set", "schema")) {
            return;
        }
        for (int[] item : t.items(n.end, t.size())) {
            action(n, item[0], item[1]);
        }
    }

    private void action(Name n, int a, int end) {
        if (t.is(a, "add")) {
            int c = a + 1;
            if (t.is(c, "constraint")
                    || t.is(c, "check")
                    || t.is(c, "foreign")
                    || t.is(c, "unique")
                    || t.is(c, "primary")
                    || t.is(c, "exclude")) {
                addConstraint(n, a, c, end);
            } else {
                addColumn(n, a, t.is(c, "column") ? c + 1 : c, end);
            }
        } else if (t.is(a, "alter")) {
            int c = t.is(a + 1, "column") ? a + 2 : a + 1;
            String column = bare(c);
            if (t.is(c + 1, "type") || t.is(c + 1, "set", "data", "type")) {
                alterColumnType(n, a, column, t.is(c + 1, "type") ? c + 2 : c + 4, end);
            } else if (t.is(c + 1, "set", "not", "null")) {
                setNotNull(n, a, column);
            } else {
                ctx.ddlOn(n.table);
            }
        } else if (t.is(a, "drop")) {
            ctx.ddlOn(n.table);
            if (t.is(a + 1, "constraint")) {
                return;
            }
            int c = t.is(a + 1, "column") ? a + 2 : a + 1;
            if (t.is(c, "if", "exists")) {
                c += 2;
            }
            if (!t.is(a + 1, "column") && (t.is(c, "default") || t.is(c, "not") || t.is(c, "identity"))) {
                return;
            }
            dropColumn(n, a, bare(c));
        } else if (t.is(a, "validate", "constraint")) {
            validateConstraint(n, a, bare(a + 2));
        } else {
            ctx.ddlOn(n.table);
        }
    }

    private void addColumn(Name n, int a, int c, int end) {
        if (t.is(c, "if", "not", "exists")) {
            c += 3;
        }
        String column = bare(c);
        int typeEnd = constraintStart(c + 1, end);
        String type = typeText(c + 1, end);
        ctx.ddlOn(n.table);
        Severity severity = ctx.severity(n.table);
        ctx.columnAdded(n.table, column, type);
        int dflt = t.find(c + 1, "default");
        boolean hasDefault = dflt >= 0 && dflt < end;
        boolean serial = SERIAL.contains(type);
        boolean identity = t.contains(typeEnd, end, "identity");
        boolean stored = t.contains(typeEnd, end, "generated") && t.contains(typeEnd, end, "stored");
        String volatileCall = hasDefault ? volatileCall(dflt + 1, end) : null;
        boolean oldServerDefault = hasDefault && ctx.sizes().serverVersion() < 110000 && !isNullDefault(dflt + 1);
        if (serial || identity || stored || volatileCall != null || oldServerDefault) {
            String why = serial
                    ? "a " + type + " column takes nextval() for every row"
                    : identity
                            ? "an identity column takes a sequence value for every row"
                            : stored
                                    ? "a STORED generated column is computed for every row"
                                    : volatileCall != null
                                            ? "its default calls " + volatileCall + "(), which differs per row"
                                            : "before PostgreSQL 11 any default is written into every row";
            String baseType = serial ? serialBase(type) : type;
            hit(
                    Rule.ADD_COLUMN_VOLATILE_DEFAULT,
                    severity,
                    a,
                    Rule.ACCESS_EXCLUSIVE,
                    "Adding " + q(column) + " to " + show(n.table) + ctx.sizeNote(n.table) + " rewrites the whole"
                            + " table under an ACCESS EXCLUSIVE lock: " + why + ". Reads and writes wait until the"
                            + " rewrite ends.",
                    "ALTER TABLE " + show(n.table) + " ADD COLUMN " + q(column) + " " + baseType + ";\n"
                            + (stored
                                    ? "-- fill it from the application or a trigger, in batches, instead of STORED.\n"
                                    : "ALTER TABLE " + show(n.table) + " ALTER COLUMN " + q(column) + " SET DEFAULT "
                                            + (serial
                                                    ? "nextval('<sequence>')"
                                                    : hasDefault
                                                            ? t.text(dflt + 1, constraintStart(dflt + 1, end))
                                                            : "<value>")
                                            + "; -- new rows only\n")
                            + "-- then, in its own migration (not in the DDL's transaction), backfill in batches:\n"
                            + "UPDATE " + show(n.table) + " SET " + q(column) + " = <value> WHERE <key> BETWEEN <a> AND"
                            + " <b> AND " + q(column) + " IS NULL;");
        }
        boolean notNull = notNullInDefinition(typeEnd, end);
        if (notNull && !hasDefault && !serial && !identity && !stored) {
            hit(
                    Rule.ADD_NOT_NULL_COLUMN,
                    severity,
                    a,
                    Rule.ACCESS_EXCLUSIVE,
                    "Adding " + q(column) + " NOT NULL without a default to " + show(n.table) + ctx.sizeNote(n.table)
                            + " fails as soon as the table has a row (existing rows would be NULL), and the previous"
                            + " build's INSERTs, which do not name the column, fail after it.",
                    "-- either a constant default (PostgreSQL 11+: no rewrite):\nALTER TABLE " + show(n.table)
                            + " ADD COLUMN " + q(column) + " " + type + " NOT NULL DEFAULT <constant>;\n"
                            + "-- or add it nullable, backfill in batches, then follow set-not-null's recipe:\n"
                            + "ALTER TABLE " + show(n.table) + " ADD COLUMN " + q(column) + " " + type + ";");
        }
        int references = t.find(typeEnd, "references");
        if (references >= 0 && references < end) {
            Name ref = name(references + 1);
            foreignKey(n, a, ref, "FOREIGN KEY (" + q(column) + ")", t.text(references, end), severity);
        }
        int unique = t.find(typeEnd, "unique");
        if (unique >= 0 && unique < end) {
            uniqueHit(n, a, Rule.ADD_UNIQUE, "(" + q(column) + ")", severity);
        }
        int primary = t.find(typeEnd, "primary", "key");
        if (primary >= 0 && primary < end) {
            uniqueHit(n, a, Rule.ADD_PRIMARY_KEY, "(" + q(column) + ")", severity);
        }
        int check = t.find(typeEnd, "check");
        if (check >= 0 && check < end) {
            checkHit(n, a, null, t.text(check, t.afterParens(check + 1)), severity);
        }
    }

    private void addConstraint(Name n, int a, int c, int end) {
        String constraint = null;
        if (t.is(c, "constraint")) {
            constraint = bare(c + 1);
            c += 2;
        }
        boolean notValid = t.find(c, "not", "valid") >= 0 && t.find(c, "not", "valid") < end;
        boolean usingIndex = t.find(c, "using", "index") >= 0 && t.find(c, "using", "index") < end;
        Severity severity = ctx.severity(n.table);
        if (t.is(c, "check")) {
            String column = notNullColumn(c + 1);
            if (column != null) {
                ctx.notNullCheck(n.table, constraint, column, !notValid);
            }
            if (notValid) {
                ctx.notValid(n.table, constraint, Rule.ADD_CHECK);
                ctx.ddlOn(n.table);
                return;
            }
            ctx.ddlOn(n.table);
            checkHit(n, a, constraint, t.text(c, t.afterParens(c + 1)), severity);
        } else if (t.is(c, "foreign", "key")) {
            ctx.ddlOn(n.table);
            int references = t.find(c, "references");
            Name ref = references < 0 ? null : name(references + 1);
            if (ref != null) {
                ctx.touch(ref.table);
            }
            if (notValid) {
                ctx.notValid(n.table, constraint, Rule.ADD_FOREIGN_KEY);
                return;
            }
            foreignKey(
                    n,
                    a,
                    ref,
                    (constraint == null ? "" : "CONSTRAINT " + q(constraint) + " ") + t.text(c, references),
                    t.text(references, end),
                    severity);
        } else if (t.is(c, "unique") || t.is(c, "primary", "key")) {
            ctx.ddlOn(n.table);
            if (usingIndex) {
                return;
            }
            boolean primary = t.is(c, "primary");
            int open = primary ? c + 2 : c + 1;
            while (t.at(open) != null && !t.at(open).punct('(') && open < end) {
                open++;
            }
            uniqueHit(
                    n,
                    a,
                    primary ? Rule.ADD_PRIMARY_KEY : Rule.ADD_UNIQUE,
                    t.text(open, t.afterParens(open)),
                    severity);
        } else {
            ctx.ddlOn(n.table);
        }
    }

    private void foreignKey(Name n, int a, Name ref, String head, String references, Severity own) {
        Severity severity = own;
        if (ref != null && !ctx.learning()) {
            ctx.touch(ref.table);
            Severity other = ctx.severity(ref.table);
            // The referencing table's scan is what takes long; the referenced one is locked as long.
            severity = worst(own, other == null ? null : own == null ? null : other);
        }
        String name = head.startsWith("CONSTRAINT ") ? head.split(" ")[1] : "<name>";
        String body = head.startsWith("CONSTRAINT ") ? head.substring(head.indexOf(' ', 11) + 1) : head;
        hit(
                Rule.ADD_FOREIGN_KEY,
                severity,
                a,
                "SHARE ROW EXCLUSIVE",
                "Adding a foreign key to " + show(n.table) + ctx.sizeNote(n.table) + " checks every row while holding"
                        + " SHARE ROW EXCLUSIVE locks on it" + (ref == null ? "" : " and on " + show(ref.table))
                        + ": writes to both wait until the check ends.",
                "ALTER TABLE " + show(n.table) + " ADD CONSTRAINT " + name + " " + body + " " + references
                        + " NOT VALID;\n" + LATER + " (SHARE UPDATE EXCLUSIVE: writes go on):\nALTER TABLE "
                        + show(n.table) + " VALIDATE CONSTRAINT " + name + ";");
    }

    private void checkHit(Name n, int a, String constraint, String check, Severity severity) {
        String name = constraint == null ? "<name>" : q(constraint);
        hit(
                Rule.ADD_CHECK,
                severity,
                a,
                Rule.ACCESS_EXCLUSIVE,
                "Adding a CHECK constraint to " + show(n.table) + ctx.sizeNote(n.table) + " checks every row under an"
                        + " ACCESS EXCLUSIVE lock: reads and writes wait until the check ends.",
                "ALTER TABLE " + show(n.table) + " ADD CONSTRAINT " + name + " " + check + " NOT VALID;\n" + LATER
                        + " (SHARE UPDATE EXCLUSIVE: reads and writes go on):\nALTER TABLE " + show(n.table)
                        + " VALIDATE CONSTRAINT " + name + ";");
    }

    private void uniqueHit(Name n, int a, Rule rule, String columns, Severity severity) {
        boolean primary = rule == Rule.ADD_PRIMARY_KEY;
        String index = n.bare + (primary ? "_pkey" : "_unique");
        hit(
                rule,
                severity,
                a,
                Rule.ACCESS_EXCLUSIVE,
                "Adding a " + (primary ? "PRIMARY KEY" : "UNIQUE constraint") + " to " + show(n.table)
                        + ctx.sizeNote(n.table) + " builds its index under an ACCESS EXCLUSIVE lock: reads and writes"
                        + " wait until the whole index is built.",
                "-- in a migration of its own (Migrator runs it outside a transaction):\nCREATE UNIQUE INDEX"
                        + " CONCURRENTLY IF NOT EXISTS " + q(index) + " ON " + show(n.table) + " " + columns + ";\n"
                        + (primary
                                ? "-- the columns must be NOT NULL first (see set-not-null's recipe), then:\n"
                                : "-- then (a brief lock, no scan):\n")
                        + "ALTER TABLE " + show(n.table) + " ADD CONSTRAINT " + q(index) + " "
                        + (primary ? "PRIMARY KEY" : "UNIQUE") + " USING INDEX " + q(index) + ";");
    }

    private void validateConstraint(Name n, int a, String constraint) {
        ctx.validated(n.table, constraint);
        Rule added = ctx.addedNotValidHere(n.table, constraint);
        if (added != null) {
            boolean fk = added == Rule.ADD_FOREIGN_KEY;
            hit(
                    added,
                    ctx.severity(n.table),
                    a,
                    fk ? "SHARE ROW EXCLUSIVE" : Rule.ACCESS_EXCLUSIVE,
                    fk ? added.blocks() : Rule.ALL,
                    "VALIDATE CONSTRAINT " + q(constraint) + " runs in the same transaction as the ADD ... NOT VALID"
                            + " before it, which still holds its lock: the check of every row of " + show(n.table)
                            + " happens under that lock, as if NOT VALID were not there.",
                    LATER + ":\nALTER TABLE " + show(n.table) + " VALIDATE CONSTRAINT " + q(constraint) + ";");
        }
    }

    private void setNotNull(Name n, int a, String column) {
        ctx.ddlOn(n.table);
        boolean checked =
                ctx.hasValidatedNotNull(n.table, column) && ctx.sizes().serverVersion() >= 120000;
        if (checked || ctx.isNewColumn(n.table, column) && ctx.isNew(n.table)) {
            return;
        }
        String c = n.bare + "_" + column + "_not_null";
        hit(
                Rule.SET_NOT_NULL,
                ctx.severity(n.table),
                a,
                Rule.ACCESS_EXCLUSIVE,
                "SET NOT NULL on " + show(n.table) + "." + q(column) + ctx.sizeNote(n.table) + " scans every row"
                        + " under an ACCESS EXCLUSIVE lock, unless a validated CHECK (" + q(column)
                        + " IS NOT NULL) proves it first (PostgreSQL 12+).",
                "ALTER TABLE " + show(n.table) + " ADD CONSTRAINT " + q(c) + " CHECK (" + q(column)
                        + " IS NOT NULL) NOT VALID;\n" + LATER + ":\nALTER TABLE "
                        + show(n.table) + " VALIDATE CONSTRAINT " + q(c) + ";\n"
                        + "-- then (PostgreSQL 12+ uses the constraint and skips the scan):\nALTER TABLE "
                        + show(n.table)
                        + " ALTER COLUMN " + q(column) + " SET NOT NULL;\nALTER TABLE " + show(n.table)
                        + " DROP CONSTRAINT " + q(c) + ";");
    }

    private void alterColumnType(Name n, int a, String column, int typeStart, int end) {
        ctx.ddlOn(n.table);
        int using = t.find(typeStart, "using");
        boolean hasUsing = using >= 0 && using < end;
        String type = typeText(typeStart, hasUsing ? using : end);
        String old = ctx.columnType(n.table, column);
        Severity severity = ctx.severity(n.table);
        ctx.columnAdded(n.table, column, type);
        if (ctx.isNewColumn(n.table, column) && ctx.isNew(n.table)) {
            return;
        }
        if (!hasUsing && old != null && binaryCompatible(old, type)) {
            return;
        }
        if (!hasUsing && old == null && mayBeCompatible(type) && severity != null) {
            severity = Severity.WARNING;
        }
        hit(
                Rule.ALTER_COLUMN_TYPE,
                severity,
                a,
                Rule.ACCESS_EXCLUSIVE,
                "Changing the type of " + show(n.table) + "." + q(column) + (old == null ? "" : " from " + old)
                        + " to " + type + ctx.sizeNote(n.table) + " rewrites the table and its indexes under an ACCESS"
                        + " EXCLUSIVE lock"
                        + (old == null && mayBeCompatible(type) && !hasUsing
                                ? " (unless the column is a varchar or numeric this only widens)"
                                : "")
                        + "; the previous build may not read the new type either.",
                "-- expand and contract, over releases:\nALTER TABLE " + show(n.table) + " ADD COLUMN "
                        + q(column + "_new")
                        + " " + type + ";\n-- write both columns from the code (or a trigger); backfill in batches:\n"
                        + "UPDATE " + show(n.table) + " SET " + q(column + "_new") + " = " + q(column) + "::" + type
                        + " WHERE <key> BETWEEN <a> AND <b>;\n-- switch reads to the new column; in a later release"
                        + " drop the old one.");
    }

    private void renameTable(Name n, int to) {
        String target = bare(to);
        String newName = ctx.qualify(n.table.substring(0, n.table.indexOf('.')), target);
        Severity severity = ctx.isNew(n.table) || ctx.learning() ? null : Severity.ERROR;
        ctx.ddlOn(n.table);
        ctx.renamed(n.table, newName);
        hit(
                Rule.RENAME_TABLE,
                severity,
                0,
                Rule.ACCESS_EXCLUSIVE,
                "Renaming " + show(n.table) + " to " + q(target) + " breaks the previous build, which still queries"
                        + " the old name while the new instances roll out.",
                "-- keep the old name readable while both builds run:\nALTER TABLE " + show(n.table) + " RENAME TO "
                        + q(target) + ";\nCREATE VIEW " + show(n.table) + " AS SELECT * FROM " + q(target) + ";"
                        + " -- a simple view: the old build can read and write through it\n"
                        + "-- in the next release: DROP VIEW " + show(n.table) + ";");
    }

    private void renameColumn(Name n, String column, String target) {
        Severity severity =
                ctx.isNew(n.table) || ctx.isNewColumn(n.table, column) || ctx.learning() ? null : Severity.ERROR;
        ctx.ddlOn(n.table);
        hit(
                Rule.RENAME_COLUMN,
                severity,
                0,
                Rule.ACCESS_EXCLUSIVE,
                "Renaming " + show(n.table) + "." + q(column) + " to " + q(target) + " breaks the previous build,"
                        + " which still reads and writes the old name while the new instances roll out.",
                "-- expand and contract, over releases:\nALTER TABLE " + show(n.table) + " ADD COLUMN " + q(target)
                        + " <type>;\n-- write both from the code (or a trigger), backfill in batches, switch reads to "
                        + q(target) + ";\n-- in a later release: ALTER TABLE " + show(n.table) + " DROP COLUMN "
                        + q(column) + ";");
    }

    private void dropColumn(Name n, int a, String column) {
        Severity severity = ctx.isNewColumn(n.table, column) || ctx.learning() ? null : Severity.ERROR;
        hit(
                Rule.DROP_COLUMN,
                severity,
                a,
                Rule.ACCESS_EXCLUSIVE,
                "Dropping " + show(n.table) + "." + q(column) + " breaks the previous build, which still selects or"
                        + " inserts it while the new instances roll out.",
                "-- release N: stop reading and writing " + q(column) + " in the code (and make it nullable) and"
                        + " deploy.\n-- release N+1, once no running instance uses it:\nALTER TABLE " + show(n.table)
                        + " DROP COLUMN IF EXISTS " + q(column) + ";");
    }

    // --- other statements

    private void alterType() {
        int add = t.find(2, "add", "value");
        if (add < 0) {
            return;
        }
        String type = bare(2);
        int v = t.is(add + 2, "if", "not", "exists") ? add + 5 : add + 2;
        Token value = t.at(v);
        if (value != null && value.kind() == Kind.STRING) {
            ctx.enumValueAdded(type, value.text());
        }
        if (ctx.transactional() && ctx.sizes().serverVersion() < 120000) {
            hit(
                    Rule.ADD_ENUM_VALUE_IN_TRANSACTION,
                    Severity.ERROR,
                    add,
                    Rule.ADD_ENUM_VALUE_IN_TRANSACTION.lock(),
                    "ALTER TYPE ... ADD VALUE cannot run inside a transaction block before PostgreSQL 12 (the server"
                            + " is " + ctx.sizes().serverVersion() / 10000 + "), and this migration runs in one.",
                    "-- a migration of its own, outside a transaction: V<n>__add_value.sql.conf with\n"
                            + "executeInTransaction=false");
        }
    }

    /** PostgreSQL 12+: a value added in the transaction cannot be used in it ("unsafe use of new value"). */
    private void enumValueUse() {
        if (!ctx.transactional() || t.is(0, "alter", "type")) {
            return;
        }
        Set<String> added = ctx.enumValuesAdded();
        if (added.isEmpty()) {
            return;
        }
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.at(i);
            if (tok.kind() == Kind.STRING && added.contains(tok.text())) {
                hit(
                        Rule.ADD_ENUM_VALUE_IN_TRANSACTION,
                        Severity.ERROR,
                        i,
                        Rule.ADD_ENUM_VALUE_IN_TRANSACTION.lock(),
                        "The enum value '" + tok.text() + "' is used in the transaction that adds it: PostgreSQL"
                                + " refuses it until that transaction commits (unsafe use of new value).",
                        "-- add the value in a migration of its own that runs before this one in another transaction"
                                + " (transaction-mode=per-migration, or executeInTransaction=false in its .conf"
                                + " file).");
                return;
            }
        }
    }

    private void vacuum() {
        int i = 1;
        boolean full = t.is(i, "full");
        if (t.at(i) != null && t.at(i).punct('(')) {
            int close = t.afterParens(i);
            for (int[] item : t.items(i + 1, close - 1)) {
                if (t.is(item[0], "full") && !(t.is(item[0] + 1, "false") || t.is(item[0] + 1, "off"))) {
                    full = true;
                }
            }
            i = close;
        }
        if (!full) {
            return;
        }
        i = t.is(i, "full") ? i + 1 : i;
        while (t.is(i, "freeze") || t.is(i, "verbose") || t.is(i, "analyze")) {
            i++;
        }
        Name n = name(i);
        Severity severity = n == null ? Severity.ERROR : ctx.severity(n.table);
        if (n != null) {
            ctx.touch(n.table);
        }
        String target = n == null ? "every table of the database" : show(n.table);
        hit(
                Rule.VACUUM_FULL,
                severity,
                0,
                Rule.ACCESS_EXCLUSIVE,
                "VACUUM FULL rewrites " + target + " under an ACCESS EXCLUSIVE lock: reads and writes wait until the"
                        + " copy is done.",
                "-- plain VACUUM reclaims space for reuse without blocking:\nVACUUM (ANALYZE) "
                        + (n == null ? "" : show(n.table)) + ";\n-- to shrink the files online, run pg_repack outside"
                        + " the migrations.");
    }

    private void cluster() {
        int i = 1;
        if (t.at(i) != null && t.at(i).punct('(')) {
            i = t.afterParens(i);
        }
        if (t.is(i, "verbose")) {
            i++;
        }
        Name n = name(i);
        Severity severity = n == null ? Severity.ERROR : ctx.severity(n.table);
        if (n != null) {
            ctx.touch(n.table);
        }
        hit(
                Rule.CLUSTER,
                severity,
                0,
                Rule.ACCESS_EXCLUSIVE,
                "CLUSTER rewrites " + (n == null ? "every clustered table" : show(n.table)) + " in index order under an"
                        + " ACCESS EXCLUSIVE lock: reads and writes wait until it is done.",
                "-- reorder online with pg_repack --order-by outside the migrations, or leave the order to"
                        + " autovacuum and a fitting index.");
    }

    private void lockTable() {
        int i = t.is(1, "table") ? 2 : 1;
        int in = t.find(i, "in");
        String mode = in < 0
                ? Rule.ACCESS_EXCLUSIVE
                : t.text(in + 1, t.find(in, "mode") < 0 ? t.size() : t.find(in, "mode"))
                        .toUpperCase(java.util.Locale.ROOT);
        if (Set.of("ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE")
                .contains(mode)) {
            return;
        }
        List<Name> names = new ArrayList<>();
        int k = i;
        while (true) {
            Name n = name(k);
            if (n == null) {
                break;
            }
            names.add(n);
            Token comma = t.at(n.end);
            if (comma == null || !comma.punct(',')) {
                break;
            }
            k = n.end + 1;
        }
        Severity severity = null;
        for (Name n : names) {
            ctx.touch(n.table);
            ctx.ddlOn(n.table);
            severity = worst(severity, ctx.severity(n.table));
        }
        hit(
                Rule.LOCK_TABLE,
                severity,
                0,
                mode,
                mode.equals(Rule.ACCESS_EXCLUSIVE) ? Rule.ALL : "writes, DDL",
                "LOCK TABLE ... " + mode + " holds the lock until the migration's transaction ends: "
                        + (mode.equals(Rule.ACCESS_EXCLUSIVE) ? "reads and writes" : "writes") + " wait for every"
                        + " statement after it.",
                "-- leave the locking to the statements themselves, and keep the migration short; set"
                        + " ddl-lock-timeout so that a blocked statement gives up instead of queueing traffic.");
    }

    private void dataChange() {
        boolean update = t.is(0, "update");
        Name n = name(update ? 1 : 2);
        if (n == null) {
            return;
        }
        ctx.touch(n.table);
        int where = t.find(n.end, "where");
        boolean whole = where < 0 || wholeTable(n, where);
        Severity severity = ctx.severity(n.table);
        if (!whole || severity == null || ctx.learning()) {
            return;
        }
        String verb = update ? "UPDATE" : "DELETE";
        ctx.dataChange(new Hit(
                Rule.UNBOUNDED_DATA_CHANGE_WITH_DDL,
                severity,
                statement,
                0,
                Rule.UNBOUNDED_DATA_CHANGE_WITH_DDL.lock(),
                Rule.UNBOUNDED_DATA_CHANGE_WITH_DDL.blocks(),
                verb + " of every row of " + show(n.table) + ctx.sizeNote(n.table) + " runs in the same transaction"
                        + " as DDL on an existing table: the DDL's lock (ACCESS EXCLUSIVE for most ALTER TABLE) is held"
                        + " until the data change commits, so traffic waits for the whole data migration.",
                "-- move the data change to a migration of its own that runs outside the DDL's transaction\n"
                        + "-- (executeInTransaction=false in its .conf file, or transaction-mode=per-migration), in"
                        + " batches:\n" + verb + (update ? " " + show(n.table) + " SET ..." : " FROM " + show(n.table))
                        + " WHERE <key> BETWEEN <a> AND <b>; -- repeat per key range"));
    }

    /** A WHERE that selects every row: {@code true}, {@code 1 = 1}, or {@code col IS NULL} on a column just added. */
    private boolean wholeTable(Name n, int where) {
        int end = t.find(where, "returning");
        end = end < 0 ? t.size() : end;
        int len = end - where - 1;
        if (len == 1 && t.is(where + 1, "true")) {
            return true;
        }
        if (len == 3
                && t.at(where + 1).kind() == Kind.NUMBER
                && t.at(where + 2).punct('=')
                && t.at(where + 3).text().equals(t.at(where + 1).text())) {
            return true;
        }
        return len == 3
                && t.is(where + 2, "is", "null")
                && t.at(where + 1).name()
                && ctx.isNewColumn(n.table, t.at(where + 1).text());
    }

    // --- helpers

    /** The first index in [from, end) where a column constraint starts (or end). */
    private int constraintStart(int from, int end) {
        for (int i = from; i < end; i++) {
            Token tok = t.at(i);
            if (tok.depth() == t.at(from).depth()
                    && tok.kind() == Kind.WORD
                    && COLUMN_CONSTRAINT.contains(tok.text())) {
                return i;
            }
        }
        return end;
    }

    private String typeText(int from, int end) {
        if (t.at(from) == null || from >= end) {
            return "";
        }
        return t.text(from, constraintStart(from, end));
    }

    private boolean notNullInDefinition(int from, int end) {
        for (int i = from; i < end; i++) {
            if (t.is(i, "not", "null") && t.at(i).depth() == t.at(from).depth()) {
                return true;
            }
        }
        return false;
    }

    private boolean isNullDefault(int i) {
        return t.is(i, "null");
    }

    /** The volatile function a default expression calls, or null. */
    private String volatileCall(int from, int end) {
        int stop = constraintStart(from, end);
        for (int i = from; i < stop; i++) {
            Token tok = t.at(i);
            Token next = t.at(i + 1);
            if (tok.kind() == Kind.WORD && VOLATILE.contains(tok.text()) && next != null && next.punct('(')) {
                return tok.text();
            }
        }
        return null;
    }

    /** The column of {@code CHECK (col IS NOT NULL)} at the parenthesis {@code open}, or null. */
    private String notNullColumn(int open) {
        Token o = t.at(open);
        if (o == null || !o.punct('(')) {
            return null;
        }
        Token col = t.at(open + 1);
        if (col != null && col.name() && t.is(open + 2, "is", "not", "null")) {
            Token close = t.at(open + 5);
            if (close != null && close.punct(')')) {
                return col.text();
            }
        }
        return null;
    }

    private static String serialBase(String type) {
        return switch (type) {
            case "bigserial", "serial8" -> "bigint";
            case "smallserial", "serial2" -> "smallint";
            default -> "integer";
        };
    }

    /** Whether changing {@code old} to {@code type} keeps the stored bytes (no rewrite, no index rebuild). */
    static boolean binaryCompatible(String old, String type) {
        String o = normal(old);
        String n = normal(type);
        if (o.equals(n)) {
            return true;
        }
        if (n.equals("text") || n.equals("varchar")) {
            return o.equals("text") || o.startsWith("varchar");
        }
        if (n.startsWith("varchar(") && o.startsWith("varchar(")) {
            return length(n, 0) >= length(o, 0);
        }
        if (n.equals("numeric") && o.startsWith("numeric")) {
            return true;
        }
        if (n.startsWith("numeric(") && o.startsWith("numeric(")) {
            return length(n, 1) == length(o, 1) && length(n, 0) >= length(o, 0);
        }
        return (o.equals("varbit") || o.startsWith("varbit("))
                && (n.equals("varbit")
                        || n.startsWith("varbit(") && o.startsWith("varbit(") && length(n, 0) >= length(o, 0));
    }

    private static boolean mayBeCompatible(String type) {
        String n = normal(type);
        return n.equals("text") || n.startsWith("varchar") || n.startsWith("numeric") || n.startsWith("varbit");
    }

    private static String normal(String type) {
        return type.toLowerCase(java.util.Locale.ROOT)
                .replace("character varying", "varchar")
                .replace("bit varying", "varbit")
                .replace("decimal", "numeric")
                .replace(" ", "");
    }

    private static int length(String type, int which) {
        int open = type.indexOf('(');
        int close = type.indexOf(')');
        if (open < 0 || close < open) {
            return 0;
        }
        String[] parts = type.substring(open + 1, close).split(",");
        try {
            return which < parts.length ? Integer.parseInt(parts[which].trim()) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Severity worst(Severity a, Severity b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.compareTo(b) <= 0 ? a : b;
    }
}
