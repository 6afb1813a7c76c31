package io.lucidity.migrator.spring;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.FleetReport;
import io.lucidity.migrator.HistoryEntry;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.Status;
import io.lucidity.migrator.UpgradeReport;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code /actuator/migrator} endpoint: the database's status against this build, every migration's
 * history, and what the upgrade at start did. Read-only; expose it with
 * {@code management.endpoints.web.exposure.include=health,migrator}.
 */
@Endpoint(id = "migrator")
public class MigratorEndpoint {
    private final Migrator migrator;
    private final ObjectProvider<MigratorInitializer> initializer;

    /**
     * @param migrator    the Migrator to inspect
     * @param initializer the start-up run, when there is one
     */
    public MigratorEndpoint(Migrator migrator, ObjectProvider<MigratorInitializer> initializer) {
        this.migrator = Objects.requireNonNull(migrator, "migrator");
        this.initializer = initializer;
    }

    /**
     * Status, history and the start-up upgrade's summary. With a tenant source (a fleet) the status and history are
     * those of the configured schema, and {@code upgrade} is the fleet's summary line at start; one tenant is at
     * {@code /actuator/migrator/{tenant}}.
     */
    @ReadOperation
    public MigratorDescriptor migrator() {
        MigratorInitializer run = initializer.getIfAvailable();
        if (migrator.config().isFleet()) {
            FleetReport fleet = run == null ? null : run.fleetReport();
            return new MigratorDescriptor(
                    migrator.status(), migrator.history(), fleet == null ? null : fleet.summaryLine());
        }
        UpgradeReport report = run == null ? null : run.report();
        return new MigratorDescriptor(migrator.status(), migrator.history(), report == null ? null : report.summary());
    }

    /**
     * One tenant of a fleet ({@code /actuator/migrator/{tenant}}): its status and history against this build, and what
     * the start did to it; refused with {@code MIGRATOR-CONFIG} when Migrator has no tenant source or the tenant source
     * does not list the name now.
     *
     * @param tenant the tenant's schema or database name
     */
    @ReadOperation
    public MigratorDescriptor tenant(@Selector String tenant) {
        if (!migrator.config().isFleet()) {
            throw MigratorException.of(
                    DiagnosticCode.CONFIG_INVALID,
                    "/actuator/migrator/" + tenant + " describes a tenant, and Migrator has no tenant source.",
                    Map.of("tenant", tenant),
                    "Set migrator.tenant-schemas, migrator.tenant-databases, migrator.tenants or migrator.tenant-query, "
                            + "or read /actuator/migrator.",
                    null);
        }
        if (!migrator.tenants().contains(tenant)) {
            throw MigratorException.of(
                    DiagnosticCode.CONFIG_INVALID,
                    "'" + tenant + "' is not a tenant of this fleet.",
                    Map.of("tenant", tenant),
                    "Name a tenant the tenant source lists now (the health component counts them).",
                    null);
        }
        MigratorInitializer run = initializer.getIfAvailable();
        FleetReport fleet = run == null ? null : run.fleetReport();
        FleetReport.TenantResult atStart = fleet == null ? null : fleet.tenant(tenant);
        try (Migrator one = migrator.forTenant(tenant)) {
            return new MigratorDescriptor(one.status(), one.history(), atStart == null ? null : atStart.summary());
        }
    }

    /**
     * What the endpoint returns.
     *
     * @param status  revision, head, pending and problem migrations, extensions, seeds, lock holder
     * @param history every migration with its state, this build's and the database's merged
     * @param upgrade one paragraph on what the upgrade at start did, or null when it did not run
     */
    public record MigratorDescriptor(Status status, List<HistoryEntry> history, String upgrade) {}
}
