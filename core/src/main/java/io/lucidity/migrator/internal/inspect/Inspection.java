package io.lucidity.migrator.internal.inspect;

import io.lucidity.migrator.CheckReport;
import io.lucidity.migrator.CheckResult;
import io.lucidity.migrator.ExtensionRequirement;
import io.lucidity.migrator.HistoryEntry;
import io.lucidity.migrator.LintFinding;
import io.lucidity.migrator.LintPolicy;
import io.lucidity.migrator.LintReport;
import io.lucidity.migrator.LockHolder;
import io.lucidity.migrator.MigrationPlan;
import io.lucidity.migrator.MigrationState;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.PreUpgradeCheck;
import io.lucidity.migrator.Status;
import io.lucidity.migrator.internal.Guards;
import io.lucidity.migrator.internal.NameList;
import io.lucidity.migrator.internal.Redactor;
import io.lucidity.migrator.internal.Workspace;
import io.lucidity.migrator.internal.extension.Extensions;
import io.lucidity.migrator.internal.history.AppliedRow;
import io.lucidity.migrator.internal.history.Bookkeeping;
import io.lucidity.migrator.internal.history.HistoryView;
import io.lucidity.migrator.internal.history.Journal;
import io.lucidity.migrator.internal.history.JournalEntry;
import io.lucidity.migrator.internal.jdbc.SafeSession;
import io.lucidity.migrator.internal.jdbc.Sql;
import io.lucidity.migrator.internal.lint.Lint;
import io.lucidity.migrator.internal.lock.MigrationLock;
import io.lucidity.migrator.internal.migrate.Executor;
import io.lucidity.migrator.internal.migrate.Planner;
import io.lucidity.migrator.internal.resolve.MigrationCatalog;
import io.lucidity.migrator.internal.resolve.ResolvedMigration;
import io.lucidity.migrator.internal.resolve.ScriptStatement;
import io.lucidity.migrator.internal.seed.SeedFile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The read-only views: current revision, history, status, the pre-upgrade checklist and the plan.
 * None of them takes the lock or writes.
 */
public final class Inspection {
    private final Workspace ws;

    public Inspection(Workspace ws) {
        this.ws = ws;
    }

    /** The current revision ({@code base} when nothing is applied). */
    public String current() {
        return ws.withConnection(
                "Reading the current revision",
                session -> new HistoryView(ws.tables().load(session.connection(), session.state())).currentRevision());
    }

    /** Every migration, this build's and the database's, merged, in version order then repeatables. */
    public List<HistoryEntry> history() {
        MigrationCatalog catalog = ws.catalog();
        return ws.withConnection(
                "Reading the history",
                session -> history(
                        session.connection(),
                        session.state(),
                        catalog,
                        ws.tables().load(session.connection(), session.state())));
    }

    private List<HistoryEntry> history(
            Connection c, Bookkeeping bookkeeping, MigrationCatalog catalog, List<AppliedRow> rows)
            throws SQLException {
        HistoryView view = new HistoryView(rows);
        boolean journalExists = bookkeeping.allTablesExist();
        List<JournalEntry> unfinished = journalExists ? new Journal(ws.tables()).unfinished(c) : List.of();
        Map<String, OffsetDateTime> stamped = journalExists ? stamps(c) : Map.of();
        MigrationVersion maxApplied =
                view.applied().keySet().stream().max(Comparator.naturalOrder()).orElse(null);
        MigrationVersion head = catalog.headVersion();
        List<HistoryEntry> entries = new ArrayList<>();
        Map<MigrationVersion, HistoryEntry> byVersion = new java.util.TreeMap<>();
        for (AppliedRow row : rows) {
            if (row.version() == null) {
                continue;
            }
            MigrationVersion v = MigrationVersion.fromVersion(row.version());
            if ("BASELINE".equals(row.type())) {
                byVersion.put(v, entry(row, MigrationState.BASELINE));
            } else if (!row.success()) {
                byVersion.put(v, entry(row, MigrationState.FAILED));
            }
        }
        for (Map.Entry<MigrationVersion, AppliedRow> e : view.applied().entrySet()) {
            AppliedRow row = e.getValue();
            ResolvedMigration m = catalog.find(e.getKey());
            MigrationState state;
            if (m == null) {
                state = head == null || e.getKey().compareTo(head) > 0
                        ? MigrationState.UNKNOWN
                        : MigrationState.MISSING;
            } else if (!Objects.equals(m.checksum(), row.checksum())) {
                state = MigrationState.CHANGED;
            } else if (isStamped(stamped.get(row.version()), row)) {
                state = MigrationState.STAMPED;
            } else {
                state = MigrationState.APPLIED;
            }
            byVersion.put(e.getKey(), entry(row, state));
        }
        for (JournalEntry j : unfinished) {
            if (j.version() != null) {
                ResolvedMigration m = catalog.find(MigrationVersion.fromVersion(j.version()));
                byVersion.put(
                        MigrationVersion.fromVersion(j.version()),
                        new HistoryEntry(
                                j.version(),
                                m == null ? j.script() : m.description(),
                                "SQL",
                                j.script(),
                                MigrationState.PARTIAL,
                                j.startedAt() == null ? null : j.startedAt().toLocalDateTime(),
                                null,
                                null,
                                j.performedBy()));
            }
        }
        for (ResolvedMigration m : catalog.versioned()) {
            if (byVersion.containsKey(m.version())) {
                continue;
            }
            MigrationState state = view.baseline() != null && m.version().compareTo(view.baseline()) <= 0
                    ? MigrationState.BELOW_BASELINE
                    : maxApplied != null && m.version().compareTo(maxApplied) < 0
                            ? MigrationState.OUT_OF_ORDER
                            : MigrationState.PENDING;
            byVersion.put(
                    m.version(),
                    new HistoryEntry(
                            m.versionText(),
                            m.description(),
                            "SQL",
                            m.script(),
                            state,
                            null,
                            null,
                            m.checksum(),
                            null));
        }
        entries.addAll(byVersion.values());
        for (ResolvedMigration m : catalog.repeatable()) {
            AppliedRow row = view.repeatable().get(m.description());
            if (row == null) {
                entries.add(new HistoryEntry(
                        null,
                        m.description(),
                        "SQL",
                        m.script(),
                        MigrationState.PENDING,
                        null,
                        null,
                        m.checksum(),
                        null));
            } else {
                entries.add(entry(
                        row,
                        Objects.equals(row.checksum(), m.checksum())
                                ? MigrationState.APPLIED
                                : MigrationState.PENDING));
            }
        }
        return entries;
    }

    private static boolean isStamped(OffsetDateTime stampedAt, AppliedRow row) {
        return stampedAt != null
                && row.installedOn() != null
                && row.executionTime() == 0
                && !stampedAt.toLocalDateTime().isBefore(row.installedOn().minusSeconds(1));
    }

    private Map<String, OffsetDateTime> stamps(Connection c) throws SQLException {
        Map<String, OffsetDateTime> stamps = new HashMap<>();
        for (JournalEntry j : new Journal(ws.tables()).stamps(c)) {
            if (j.version() != null && "recorded as applied by stamp".equals(j.detail())) {
                stamps.put(j.version(), j.endedAt());
            }
        }
        return stamps;
    }

    private static HistoryEntry entry(AppliedRow row, MigrationState state) {
        return new HistoryEntry(
                row.version(),
                row.description(),
                row.type(),
                row.script(),
                state,
                row.installedOn(),
                row.executionTime(),
                row.checksum(),
                row.installedBy());
    }

    /** The state of the database against this build. */
    public Status status() {
        MigrationCatalog catalog = ws.catalog();
        List<SeedFile> seeds = ws.seeds();
        return ws.withConnection("Reading the status", session -> {
            Connection c = session.connection();
            List<AppliedRow> rows = ws.tables().load(c, session.state());
            List<HistoryEntry> history = history(c, session.state(), catalog, rows);
            List<HistoryEntry> pending = history.stream()
                    .filter(h -> h.state() == MigrationState.PENDING || h.state() == MigrationState.OUT_OF_ORDER)
                    .toList();
            List<HistoryEntry> problems = history.stream()
                    .filter(h -> switch (h.state()) {
                        case FAILED, PARTIAL, CHANGED, UNKNOWN, MISSING -> true;
                        default -> false;
                    })
                    .toList();
            List<Status.ExtensionStatus> extensions = extensions(c);
            List<Status.SeedStatus> seedStates = seedStates(c, session.state(), seeds);
            boolean atHead = pending.isEmpty()
                    && problems.isEmpty()
                    && extensions.stream().allMatch(Status.ExtensionStatus::satisfied)
                    && seedStates.stream().allMatch(s -> s.state() == Status.SeedState.CURRENT);
            MigrationVersion head = catalog.headVersion();
            MigrationLock lock = ws.lock(session);
            return new Status(
                    Sql.database(c),
                    ws.config().schema(),
                    Sql.queryString(c, "SELECT current_setting('server_version')"),
                    new HistoryView(rows).currentRevision(),
                    head == null ? "base" : head.toString(),
                    atHead,
                    pending,
                    problems,
                    extensions,
                    seedStates,
                    lock.holder(),
                    lock.key(),
                    session.state().session().inRecovery());
        });
    }

    private List<Status.ExtensionStatus> extensions(Connection c) throws SQLException {
        List<Status.ExtensionStatus> result = new ArrayList<>();
        Map<String, Extensions.State> states = Extensions.inspect(c, ws.config().extensions());
        for (ExtensionRequirement r : ws.config().extensions()) {
            Extensions.State s = states.get(r.name());
            result.add(new Status.ExtensionStatus(
                    r.name(),
                    r.toString(),
                    s.available(),
                    s.installed(),
                    s.installed() != null && r.isSatisfiedBy(s.installed())));
        }
        return result;
    }

    private List<Status.SeedStatus> seedStates(Connection c, Bookkeeping state, List<SeedFile> seeds)
            throws SQLException {
        Map<String, Object[]> journaled = new LinkedHashMap<>();
        if (state.allTablesExist()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT name, checksum, applied_at, rows_affected FROM "
                            + ws.tables().seedJournal());
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    journaled.put(
                            rs.getString(1),
                            new Object[] {rs.getString(2), rs.getObject(3, OffsetDateTime.class), rs.getLong(4)});
                }
            }
        }
        List<Status.SeedStatus> result = new ArrayList<>();
        for (SeedFile seed : seeds) {
            Object[] j = journaled.get(seed.name());
            if (j == null) {
                result.add(new Status.SeedStatus(seed.name(), Status.SeedState.NEW, null, 0));
            } else {
                result.add(new Status.SeedStatus(
                        seed.name(),
                        seed.checksum().equals(j[0]) ? Status.SeedState.CURRENT : Status.SeedState.CHANGED,
                        (OffsetDateTime) j[1],
                        (Long) j[2]));
            }
        }
        return result;
    }

    private LockHolder lockHolder(Connection c) throws SQLException {
        return MigrationLock.of(c, ws.config().schema()).holder();
    }

    /** Validates this build against the database: the refusals an upgrade would raise; returns the pending migrations. */
    public List<HistoryEntry> validate() {
        MigrationCatalog catalog = ws.catalog();
        return ws.withConnection("Validating", session -> {
            Connection c = session.connection();
            if (session.state().allTablesExist()) {
                Guards.refuseUnfinished(ws, c);
            }
            List<AppliedRow> rows = ws.tables().load(c, session.state());
            new Planner(ws.config()).validate(catalog, new HistoryView(rows));
            return history(c, session.state(), catalog, rows).stream()
                    .filter(h -> h.state() == MigrationState.PENDING || h.state() == MigrationState.OUT_OF_ORDER)
                    .toList();
        });
    }

    /** The pre-upgrade checklist. */
    public CheckReport check() {
        List<CheckResult> results = new ArrayList<>();
        Connection c;
        try {
            c = ws.connections().app();
        } catch (MigratorException e) {
            results.add(CheckResult.block("connectivity", e.summary()));
            return new CheckReport(results);
        }
        try (c) {
            results.add(CheckResult.pass(
                    "connectivity",
                    "connected to " + Sql.database(c) + " at "
                            + ws.connections().describeTarget()));
            checkServer(c, results);
            checkExtensions(c, results);
            LockHolder holder = lockHolder(c);
            results.add(
                    holder == null
                            ? CheckResult.pass("migration lock", "free")
                            : CheckResult.block("migration lock", "held by " + holder.describe()));
            checkMigrations(results);
            // Drain checks are the operator's SQL: they see the configured schema first, as migrations do.
            SafeSession.withSearchPath(
                    c, SafeSession.userSearchPath(c, ws.config().schema()), () -> {
                        for (PreUpgradeCheck check : ws.config().checks()) {
                            results.add(runCheck(c, check));
                        }
                        return null;
                    });
        } catch (SQLException e) {
            results.add(CheckResult.block("database", Redactor.redact(e.getMessage())));
        }
        return new CheckReport(results);
    }

    private void checkServer(Connection c, List<CheckResult> results) throws SQLException {
        String version = Sql.queryString(c, "SELECT current_setting('server_version')");
        boolean standby = "t".equals(Sql.queryString(c, "SELECT pg_is_in_recovery()"));
        results.add(
                standby
                        ? CheckResult.block("server", "PostgreSQL " + version + " is a read-only standby")
                        : CheckResult.pass("server", "PostgreSQL " + version + ", primary"));
    }

    private void checkExtensions(Connection c, List<CheckResult> results) throws SQLException {
        for (Status.ExtensionStatus s : extensions(c)) {
            String name = "extension " + s.name();
            if (s.available() == null) {
                results.add(CheckResult.block(name, "not installed on the server"));
            } else if (s.satisfied()) {
                results.add(CheckResult.pass(name, s.installed() + " installed"));
            } else if (s.installed() == null) {
                ExtensionRequirement r = ExtensionRequirement.parse(s.required());
                results.add(
                        r.isSatisfiedBy(s.available())
                                ? CheckResult.pass(name, "available (" + s.available() + "), created by the upgrade")
                                : CheckResult.block(
                                        name, "server provides " + s.available() + ", required " + s.required()));
            } else {
                results.add(CheckResult.warn(
                        name,
                        s.installed() + " installed, required " + s.required()
                                + "; the upgrade runs ALTER EXTENSION ... UPDATE"));
            }
        }
    }

    private void checkMigrations(List<CheckResult> results) {
        try {
            List<HistoryEntry> pending = validate();
            results.add(CheckResult.pass("validate", "history agrees with this build"));
            results.add(
                    pending.isEmpty()
                            ? CheckResult.pass("pending migrations", "none")
                            : CheckResult.warn(
                                    "pending migrations",
                                    pending.size() + ": "
                                            + NameList.of(pending.stream()
                                                    .map(h -> h.version() == null
                                                            ? "R " + h.description()
                                                            : "V" + h.version() + " " + h.description())
                                                    .toList())));
            checkLint(results);
        } catch (MigratorException e) {
            results.add(CheckResult.block("validate", e.code().code() + ": " + e.summary()));
        }
    }

    /**
     * The lock hazards of the pending migrations: blocks under {@code lint=refuse} when an error is not allowed, warns
     * on any unallowed finding otherwise; left out under {@code lint=off}.
     */
    private void checkLint(List<CheckResult> results) {
        LintPolicy policy = ws.config().lint();
        if (policy == LintPolicy.OFF) {
            return;
        }
        LintReport report = Lint.live(ws);
        List<LintFinding> open =
                report.findings().stream().filter(f -> !f.isAllowed()).toList();
        if (open.isEmpty()) {
            results.add(CheckResult.pass(
                    "lint",
                    report.linted() == 0
                            ? "no pending migration"
                            : "no lock hazard in " + report.linted() + " pending migration(s)"
                                    + (report.findings().isEmpty()
                                            ? ""
                                            : " (" + report.findings().size() + " allowed)")));
            return;
        }
        String detail = open.size() + " lock hazard(s): "
                + NameList.of(open.stream()
                        .map(f ->
                                f.rule() + " (" + f.severity().label() + ") at " + f.migration() + " line " + f.line())
                        .toList())
                + "; migrator lint shows the fixes";
        results.add(
                policy == LintPolicy.REFUSE && report.blocked()
                        ? CheckResult.block("lint", detail)
                        : CheckResult.warn("lint", detail));
    }

    private static CheckResult runCheck(Connection c, PreUpgradeCheck check) {
        try {
            return check.run(c);
        } catch (SQLException | RuntimeException e) {
            return CheckResult.block(check.name(), "the check failed to run: " + Redactor.redact(e.getMessage()));
        }
    }

    /** The SQL an upgrade to head would run, with transaction boundaries; changes nothing. */
    public MigrationPlan plan() {
        MigrationCatalog catalog = ws.catalog();
        List<SeedFile> seeds = ws.seeds();
        return ws.withConnection("Planning", session -> {
            Connection c = session.connection();
            HistoryView history = new HistoryView(ws.tables().load(c, session.state()));
            if (session.state().allTablesExist()) {
                Guards.refuseUnfinished(ws, c);
            }
            Planner.Plan plan = new Planner(ws.config()).plan(catalog, history, catalog.headVersion(), true);
            List<MigrationPlan.Step> steps = new ArrayList<>();
            Map<String, Extensions.State> ext =
                    Extensions.inspect(c, ws.config().extensions());
            for (ExtensionRequirement r : ws.config().extensions()) {
                Extensions.State s = ext.get(r.name());
                if (s.installed() == null) {
                    steps.add(new MigrationPlan.Step(
                            "extension",
                            r.name(),
                            0,
                            List.of("CREATE EXTENSION IF NOT EXISTS " + Sql.ident(r.name()))));
                } else if (!r.isSatisfiedBy(s.installed())) {
                    steps.add(new MigrationPlan.Step(
                            "extension", r.name(), 0, List.of("ALTER EXTENSION " + Sql.ident(r.name()) + " UPDATE")));
                }
            }
            int beforeScripts = steps.size();
            addMigrationSteps(steps, plan);
            addSeedSteps(c, session.state(), steps, seeds);
            if (steps.size() > beforeScripts) {
                // The scripts run with the configured schema first, as the upgrade runs them.
                steps.add(
                        beforeScripts,
                        new MigrationPlan.Step(
                                "session",
                                "search path",
                                0,
                                List.of("SET search_path TO "
                                        + SafeSession.userSearchPath(
                                                c, ws.config().schema()))));
            }
            MigrationVersion head = catalog.headVersion();
            return new MigrationPlan(plan.current(), head == null ? "base" : head.toString(), steps);
        });
    }

    private void addMigrationSteps(List<MigrationPlan.Step> steps, Planner.Plan plan) {
        List<ResolvedMigration> all = new ArrayList<>(plan.versioned());
        all.addAll(plan.repeatable());
        int transaction = 0;
        for (List<ResolvedMigration> group : Executor.groups(all, ws.config().transactionMode())) {
            int tx = group.get(0).transactional() ? ++transaction : 0;
            for (ResolvedMigration m : group) {
                List<String> sql =
                        m.statements().stream().map(ScriptStatement::sql).toList();
                steps.add(new MigrationPlan.Step(
                        m.versionText() == null ? "repeatable" : "migration", m.label(), tx, sql));
            }
        }
    }

    private void addSeedSteps(Connection c, Bookkeeping state, List<MigrationPlan.Step> steps, List<SeedFile> seeds)
            throws SQLException {
        Map<String, String> journaled = new HashMap<>();
        if (state.allTablesExist()) {
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT name, checksum FROM " + ws.tables().seedJournal());
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    journaled.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        int transaction =
                steps.stream().mapToInt(MigrationPlan.Step::transaction).max().orElse(0);
        for (SeedFile seed : seeds) {
            if (seed.checksum().equals(journaled.get(seed.name()))) {
                continue;
            }
            List<String> sql = seed.kind() == SeedFile.Kind.SQL
                    ? ws.scripts().parse(seed.name(), seed.text(), false).stream()
                            .map(ScriptStatement::sql)
                            .toList()
                    : List.of("-- declarative " + seed.kind().name().toLowerCase()
                            + " seed: COPY rows into a temporary table, "
                            + "then INSERT the missing rows (and UPDATE differing ones in upsert mode)");
            steps.add(new MigrationPlan.Step("seed", seed.name(), ++transaction, sql));
        }
    }
}
