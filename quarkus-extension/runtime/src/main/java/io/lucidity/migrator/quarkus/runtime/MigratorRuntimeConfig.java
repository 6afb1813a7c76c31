package io.lucidity.migrator.quarkus.runtime;

import io.quarkus.datasource.common.runtime.DataSourceUtil;
import io.quarkus.runtime.annotations.ConfigDocMapKey;
import io.quarkus.runtime.annotations.ConfigDocSection;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefaults;
import io.smallrye.config.WithParentName;
import io.smallrye.config.WithUnnamedKey;
import java.util.Map;

/** Run-time configuration of Migrator: {@code quarkus.migrator.*}, read when the application starts. */
@ConfigMapping(prefix = "quarkus.migrator")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface MigratorRuntimeConfig {

    /** Per datasource: {@code quarkus.migrator.*} for the default one, {@code quarkus.migrator."name".*} for a named one. */
    @ConfigDocMapKey("datasource-name")
    @ConfigDocSection
    @WithParentName
    @WithUnnamedKey(DataSourceUtil.DEFAULT_DATASOURCE_NAME)
    @WithDefaults
    Map<String, MigratorDataSourceRuntimeConfig> datasources();
}
