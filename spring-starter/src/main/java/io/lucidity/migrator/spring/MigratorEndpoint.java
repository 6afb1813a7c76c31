package io.lucidity.migrator.spring;

import io.lucidity.migrator.HistoryEntry;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.Status;
import io.lucidity.migrator.UpgradeReport;
import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

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

    /** Status, history and the start-up upgrade's summary. */
    @ReadOperation
    public MigratorDescriptor migrator() {
        MigratorInitializer run = initializer.getIfAvailable();
        UpgradeReport report = run == null ? null : run.report();
        return new MigratorDescriptor(migrator.status(), migrator.history(), report == null ? null : report.summary());
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
