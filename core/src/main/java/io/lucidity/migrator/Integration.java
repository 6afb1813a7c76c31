package io.lucidity.migrator;

import io.lucidity.migrator.internal.config.FrontEnd;
import java.util.Objects;

/**
 * For Migrator's own integrations (the CLI, the Spring starter, the Quarkus extension): whose words a remedy uses when
 * it names a setting, e.g. {@code --lock-timeout (MIGRATOR_LOCK_TIMEOUT)}, {@code migrator.lock-timeout} or
 * {@code quarkus.migrator.lock-timeout}. Without one, remedies name the builder's methods ({@code lockTimeout(..)}).
 * Set it with {@link MigratorConfig.Builder#integration(Integration)}.
 */
public final class Integration {
    private final FrontEnd frontEnd;

    private Integration(FrontEnd frontEnd) {
        this.frontEnd = Objects.requireNonNull(frontEnd, "frontEnd");
    }

    /** The CLI: {@code --lock-timeout (MIGRATOR_LOCK_TIMEOUT)}, or {@code migrator.properties}. */
    public static Integration cli() {
        return new Integration(FrontEnd.CLI);
    }

    /** Spring Boot: properties {@code migrator.*}. */
    public static Integration spring() {
        return new Integration(FrontEnd.spring());
    }

    /**
     * Quarkus: {@code quarkus.migrator.*} for the default datasource, {@code quarkus.migrator."name".*} for a named one.
     *
     * @param dataSource the datasource's name, or null (or {@code <default>}) for the default one
     */
    public static Integration quarkus(String dataSource) {
        return new Integration(FrontEnd.quarkus(dataSource));
    }

    FrontEnd frontEnd() {
        return frontEnd;
    }

    @Override
    public String toString() {
        return frontEnd.toString();
    }
}
