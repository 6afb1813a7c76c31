package io.lucidity.migrator.cli.command;

import io.lucidity.migrator.LockHolder;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.Status;
import io.lucidity.migrator.cli.MigratorCommand;
import io.lucidity.migrator.cli.Output;
import io.lucidity.migrator.cli.PerTenant;
import io.lucidity.migrator.cli.Text;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code migrator status}: {@link Migrator#status()}. */
@Command(
        name = "status",
        sortOptions = false,
        header = "Show revision, pending, problems, extensions, seeds and the lock holder.",
        description = {
            "Shows the revision, pending migrations, failed or half-applied steps, extensions and their "
                    + "versions, seeds and their state, and who holds the migration lock right now, if anyone, with the lock's "
                    + "key (pg_locks shows it as classid, the high 32 bits, and objid, the low 32 bits)."
        },
        footerHeading = "%nExample%n",
        footer = {
            "  migrator status --url jdbc:postgresql://db:5432/app --user app \\",
            "      --locations filesystem:db/migration"
        })
public final class StatusCommand extends MigratorCommand {

    /** Outcomes per tenant: at head, behind (an upgrade has work), problem (an upgrade would refuse). */
    static final List<String> OUTCOMES = List.of("AT_HEAD", "BEHIND", "PROBLEM");

    /** Each tenant's status: one line each, or its {@code Status} fields in the fleet's JSON; exit 0 unless unreadable. */
    @Override
    protected int fleet(Migrator migrator, Output out) {
        return PerTenant.run(migrator, out, OUTCOMES, tenant -> {
            Status s = tenant.status();
            String outcome = !s.problems().isEmpty() ? "PROBLEM" : s.atHead() ? "AT_HEAD" : "BEHIND";
            return PerTenant.Result.of(
                    outcome,
                    outcome + " at revision " + s.revision() + " (head " + s.head() + "): "
                            + String.join("; ", Text.states(s)),
                    s);
        });
    }

    @Override
    protected int run(Migrator migrator, Output out) {
        Status s = migrator.status();
        if (out.json()) {
            out.json(s);
            return 0;
        }
        out.line("database:   " + s.database() + " (schema " + s.schema() + "), PostgreSQL " + s.serverVersion()
                + (s.readOnly() ? ", read-only standby" : ""));
        out.line("revision:   " + s.revision() + " (head of this build: " + s.head() + ")");
        out.line("state:      " + String.join("; ", Text.states(s)));
        LockHolder holder = s.lockHolder();
        out.line("lock:       "
                + (holder == null ? "free" : "held by " + holder.describe() + ", query: " + holder.query()) + " (key "
                + s.lockKey() + ")");
        out.line("pending:    " + (s.pending().isEmpty() ? "none" : s.pending().size()));
        out.rows(s.pending().stream().map(h -> List.of(Text.label(h))).toList());
        out.line(
                "problems:   " + (s.problems().isEmpty() ? "none" : s.problems().size()));
        out.rows(s.problems().stream()
                .map(h -> List.of(Text.label(h), Text.state(h.state())))
                .toList());
        out.line(s.extensions().isEmpty() ? "extensions: none required" : "extensions:");
        out.rows(s.extensions().stream()
                .map(e -> Arrays.asList(
                        e.name(),
                        e.installed() == null ? "not installed" : e.installed(),
                        e.available() == null ? "not available on the server" : "server has " + e.available(),
                        (e.satisfied() ? "ok" : "required " + e.required())))
                .toList());
        out.line(s.seeds().isEmpty() ? "seeds:      none" : "seeds:");
        out.rows(s.seeds().stream()
                .map(seed -> Arrays.asList(
                        seed.name(),
                        seed.state().name().toLowerCase(Locale.ROOT),
                        seed.appliedAt() == null ? "never ran" : "ran " + Text.time(seed.appliedAt()),
                        seed.appliedAt() == null ? "" : seed.rowsAffected() + " row(s)"))
                .toList());
        return 0;
    }
}
