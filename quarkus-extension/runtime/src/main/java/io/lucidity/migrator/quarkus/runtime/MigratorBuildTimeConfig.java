package io.lucidity.migrator.quarkus.runtime;

import io.quarkus.datasource.common.runtime.DataSourceUtil;
import io.quarkus.runtime.annotations.ConfigDocMapKey;
import io.quarkus.runtime.annotations.ConfigDocSection;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithDefaults;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import io.smallrye.config.WithUnnamedKey;
import java.util.Map;

/** Build-time configuration of Migrator: {@code quarkus.migrator.*}, fixed when the application is built. */
@ConfigMapping(prefix = "quarkus.migrator")
@ConfigRoot(phase = ConfigPhase.BUILD_AND_RUN_TIME_FIXED)
public interface MigratorBuildTimeConfig {

    /**
     * Whether Migrator is part of the application. When false, no {@code Migrator} bean exists, nothing runs at
     * start-up and no health check is registered.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * Whether the readiness check {@code migrator} is registered when {@code quarkus-smallrye-health} is present.
     */
    @WithName("health.enabled")
    @WithDefault("true")
    boolean healthEnabled();

    /** Per datasource: {@code quarkus.migrator.*} for the default one, {@code quarkus.migrator."name".*} for a named one. */
    @ConfigDocMapKey("datasource-name")
    @ConfigDocSection
    @WithParentName
    @WithUnnamedKey(DataSourceUtil.DEFAULT_DATASOURCE_NAME)
    @WithDefaults
    Map<String, MigratorDataSourceBuildTimeConfig> datasources();
}
