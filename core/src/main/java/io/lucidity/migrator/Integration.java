package io.lucidity.migrator;

import java.util.Objects;
import java.util.Optional;

/**
 * Which front end configured Migrator, and so in whose words a remedy names a setting: {@code lockTimeout(..)} through
 * the Java API (the default), {@code --lock-timeout (MIGRATOR_LOCK_TIMEOUT)} in the CLI, {@code migrator.lock-timeout}
 * in the Spring Boot starter, {@code quarkus.migrator.lock-timeout} in the Quarkus extension. Migrator's own
 * integrations set it with {@link MigratorConfig.Builder#integration(Integration)}; an application need not.
 */
public final class Integration {
    /** The kinds of front end. */
    public enum Kind {
        /** The Java API: {@code Migrator.configure().lockTimeout(..)}. */
        CODE,
        /** The CLI: {@code --lock-timeout}, {@code MIGRATOR_LOCK_TIMEOUT} or {@code migrator.properties}. */
        CLI,
        /** Spring Boot: properties {@code migrator.*}. */
        SPRING,
        /** Quarkus: properties {@code quarkus.migrator.*}, or {@code quarkus.migrator."name".*}. */
        QUARKUS
    }

    private static final Integration CODE = new Integration(Kind.CODE, null);
    private static final Integration CLI = new Integration(Kind.CLI, null);
    private static final Integration SPRING = new Integration(Kind.SPRING, null);

    private final Kind kind;
    private final String dataSource;

    private Integration(Kind kind, String dataSource) {
        this.kind = kind;
        this.dataSource = dataSource;
    }

    /** The Java API, the default: remedies name the builder's methods ({@code lockTimeout(..)}). */
    public static Integration code() {
        return CODE;
    }

    /** The CLI: {@code --lock-timeout (MIGRATOR_LOCK_TIMEOUT)}, or {@code migrator.properties}. */
    public static Integration cli() {
        return CLI;
    }

    /** Spring Boot: properties {@code migrator.*}. */
    public static Integration spring() {
        return SPRING;
    }

    /**
     * Quarkus: {@code quarkus.migrator.*} for the default datasource, {@code quarkus.migrator."name".*} for a named one.
     *
     * @param dataSource the datasource's name, or null (or {@code <default>}) for the default one
     */
    public static Integration quarkus(String dataSource) {
        boolean named = dataSource != null && !dataSource.isBlank() && !"<default>".equals(dataSource);
        return new Integration(Kind.QUARKUS, named ? dataSource : null);
    }

    /** The kind of front end. */
    public Kind kind() {
        return kind;
    }

    /** The named Quarkus datasource this configuration belongs to; empty for the default one and other kinds. */
    public Optional<String> dataSource() {
        return Optional.ofNullable(dataSource);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Integration that && kind == that.kind && Objects.equals(dataSource, that.dataSource);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, dataSource);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + (dataSource == null ? "" : " (" + dataSource + ")");
    }
}
