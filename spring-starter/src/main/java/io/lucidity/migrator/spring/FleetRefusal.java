package io.lucidity.migrator.spring;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.FleetReport;
import io.lucidity.migrator.FleetReport.Outcome;
import io.lucidity.migrator.FleetReport.TenantResult;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The refusal of a start whose fleet upgrade left a tenant behind: the worst tenant's code (the highest exit code, as
 * {@link FleetReport#exitCode()} picks it) and type, the failed tenants as facts (at most {@value #SHOWN}), and the
 * worst tenant's remedy.
 */
final class FleetRefusal {
    /** How many failed tenants the facts name; the rest are counted. */
    static final int SHOWN = 5;

    private FleetRefusal() {}

    /** Whether {@code config} names a tenant source, so that the start upgrades a fleet. */
    static boolean isFleet(MigratorConfig config) {
        return config.tenantSchemas() != null
                || config.tenantDatabases() != null
                || config.tenants() != null
                || config.tenantQuery() != null;
    }

    /** The refusal for {@code report}, or null when every tenant is at head. */
    static MigratorException of(FleetReport report) {
        if (report.allAtHead()) {
            return null;
        }
        List<TenantResult> failed = report.tenants().stream()
                .filter(t -> t.outcome() == Outcome.FAILED)
                .toList();
        FleetReport.Summary s = report.summary();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("fleet", report.summaryLine());
        if (failed.isEmpty()) {
            return MigratorException.of(
                    DiagnosticCode.INTERRUPTED,
                    "The fleet upgrade was interrupted: " + s.skipped() + " of " + s.total()
                            + " tenant(s) were not attempted.",
                    facts,
                    "Start the application again: the upgrade continues with the tenants that are not at head.",
                    null);
        }
        failed.stream()
                .limit(SHOWN)
                .forEach(t -> facts.put(
                        "tenant " + t.tenant(),
                        t.error().code().code() + ": " + t.error().summary()));
        if (failed.size() > SHOWN) {
            facts.put("more", "… and " + (failed.size() - SHOWN) + " more failed tenant(s)");
        }
        TenantResult worst = failed.stream()
                .max(Comparator.comparingInt(t -> t.error().code().exitCode()))
                .orElseThrow();
        String remedy = worst.error().remedy();
        return MigratorException.of(
                worst.error().code(),
                s.failed() + " of " + s.total() + " tenant(s) refused the upgrade; the worst is " + worst.tenant()
                        + " (" + worst.error().code().code() + "). The other tenants are at head.",
                facts,
                "For tenant " + worst.tenant() + ": "
                        + (remedy == null || remedy.isBlank() ? "correct the cause named above." : remedy)
                        + " Then start the application again: the upgrade continues with the tenants that are not"
                        + " at head.",
                worst.error());
    }
}
