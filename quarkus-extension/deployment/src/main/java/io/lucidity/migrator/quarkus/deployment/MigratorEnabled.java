package io.lucidity.migrator.quarkus.deployment;

import io.lucidity.migrator.quarkus.runtime.MigratorBuildTimeConfig;
import java.util.function.BooleanSupplier;

/** True unless {@code quarkus.migrator.enabled=false}. */
class MigratorEnabled implements BooleanSupplier {
    private final MigratorBuildTimeConfig config;

    MigratorEnabled(MigratorBuildTimeConfig config) {
        this.config = config;
    }

    @Override
    public boolean getAsBoolean() {
        return config.enabled();
    }
}
