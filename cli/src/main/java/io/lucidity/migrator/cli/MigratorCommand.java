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
 * print the result, return the exit code.
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
     * Adds the command's own settings to the builder, after every settings source (e.g. {@code upgrade}'s tenant
     * options). Default: nothing.
     */
    protected void configure(MigratorConfig.Builder builder) {}

    /**
     * Runs the command from its settings. Default: loads the Migrator (validating the settings) and calls {@link
     * #run(Migrator, Output)}; a command that can work without a database overrides it.
     */
    protected int run(MigratorConfig.Builder settings, Output out) {
        try (Migrator migrator = settings.load()) {
            return run(migrator, out);
        }
    }

    /**
     * Runs the command.
     *
     * @return the exit code (0 when it did what was asked)
     * @throws MigratorException for a refusal; its diagnostic code gives the exit code
     */
    protected abstract int run(Migrator migrator, Output out);
}
