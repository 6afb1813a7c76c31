package io.lucidity.migrator.cli;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every command shares: the {@link SharedOptions}, loading a {@link Migrator} from every settings source,
 * and turning a refusal into its diagnostic and exit code. A command only implements {@link #run}: call core,
 * print the result, return the exit code. With a tenant source (from any settings source) {@link #fleet} runs
 * instead: a command that works per tenant overrides it with {@link PerTenant#run}.
 */
public abstract class MigratorCommand implements Callable<Integer> {

    @Mixin
    protected SharedOptions options;

    @Spec
    protected CommandSpec spec;

    @Override
    public final Integer call() {
        Output out =
                new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), options.json(), options.debug());
        String conflict = Configuration.tenantSourceConflict(options);
        if (conflict != null) {
            return out.usage(
                    conflict,
                    "Give one tenant source: --tenant-schemas PATTERN, --tenant-databases PATTERN, "
                            + "--tenants NAME[,NAME] or --tenant-query SQL.");
        }
        try {
            return run(
                    Configuration.builder(options, System.getenv(), Path.of(""), new Progress(out), this::configure),
                    out);
        } catch (MigratorException e) {
            return out.refusal(e);
        } catch (RuntimeException e) {
            return out.unexpected(e);
        }
    }

    /**
     * Adds the command's own settings to the builder, after every settings source. Default: nothing.
     */
    protected void configure(MigratorConfig.Builder builder) {}

    /**
     * Runs the command from its settings. Default: loads the Migrator (validating the settings) and calls {@link
     * #run(Migrator, Output)}; a command that can work without a database overrides it.
     */
    protected int run(MigratorConfig.Builder settings, Output out) {
        try (Migrator migrator = settings.load()) {
            if (PerTenant.configured(migrator.config())) {
                return fleet(migrator, out);
            }
            if (options.parallelGiven() && connects()) {
                return out.usage(
                        "--parallel is for a fleet: it needs a tenant source",
                        "Give --tenant-schemas PATTERN, --tenant-databases PATTERN, --tenants NAME[,NAME] or "
                                + "--tenant-query SQL with it.");
            }
            return run(migrator, out);
        }
    }

    /**
     * Whether the command works on the database: then {@code --parallel} without a tenant source is a usage error.
     * Default: true; {@code config} only prints the settings.
     */
    protected boolean connects() {
        return true;
    }

    /**
     * Runs the command on every tenant, when a tenant source is set (on the command line, in a {@code MIGRATOR_*}
     * variable or a properties file), usually through {@link PerTenant#run}. Default: a usage error, for the commands
     * that do not take a tenant option.
     *
     * @param migrator the Migrator configured with the tenant source
     * @return the exit code: the highest among the tenants, 0 when every tenant is fine
     */
    protected int fleet(Migrator migrator, Output out) {
        String name = spec.name();
        return out.usage(
                "'" + name + "' does not take a tenant option (--tenant-schemas, --tenant-databases, --tenants, "
                        + "--tenant-query; also MIGRATOR_TENANT_* and migrator.properties)",
                "Run 'migrator " + name
                        + "' for one tenant without a tenant source: --schema NAME for a schema tenant, "
                        + "--url for a database tenant.");
    }

    /**
     * Runs the command.
     *
     * @return the exit code (0 when it did what was asked)
     * @throws MigratorException for a refusal; its diagnostic code gives the exit code
     */
    protected abstract int run(Migrator migrator, Output out);
}
