package io.lucidity.migrator.quarkus.runtime;

import io.quarkus.runtime.annotations.ConfigGroup;
import java.util.List;
import java.util.Optional;

/** Build-time configuration of Migrator for one datasource. */
@ConfigGroup
public interface MigratorDataSourceBuildTimeConfig {

    /**
     * Migration locations, {@code classpath:} or {@code filesystem:}. {@code classpath:} files are found when the
     * application is built and included in native images. Default: {@code classpath:db/migration} for the default
     * datasource, {@code classpath:db/<datasource-name>/migration} for a named one.
     */
    Optional<List<String>> locations();

    /**
     * Seed locations, {@code classpath:} or {@code filesystem:}; {@code none} disables seeds. Default:
     * {@code classpath:db/seed} for the default datasource, {@code classpath:db/<datasource-name>/seed} for a named one.
     */
    Optional<List<String>> seedLocations();
}
