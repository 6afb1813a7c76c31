package io.lucidity.migrator.cli;

import io.lucidity.migrator.Integration;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorListener;
import io.lucidity.migrator.PreUpgradeCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * Where the CLI's settings come from, highest first: the command line, {@code MIGRATOR_*} variables (and
 * {@code PGPASSWORD} for the password), the {@code --config FILE}, and {@code ./migrator.properties} in the
 * working directory. The two files are merged key by key (so a {@code check.<name>.sql} defined in both runs
 * once, as the {@code --config} file says); core applies each layer, later ones winning.
 *
 * <p>Pre-upgrade checks contributed in code are found with {@link ServiceLoader}: a jar on the class path
 * with {@code META-INF/services/io.lucidity.migrator.PreUpgradeCheck} naming its classes, e.g.
 * {@code java -cp migrator.jar:my-checks.jar io.lucidity.migrator.cli.Main check}.
 */
public final class Configuration {
    /** The file read from the working directory when present. */
    public static final String LOCAL_FILE = "migrator.properties";
    /** The CLI's {@code application-name} default, in place of core's {@code migrator}. */
    public static final String APPLICATION_NAME = "migrator-cli";

    private Configuration() {}

    /**
     * Loads a Migrator from every source.
     *
     * @param options          the command line
     * @param env              the process environment
     * @param workingDirectory where {@code migrator.properties} is looked for
     * @param listener         told of upgrade progress
     * @throws io.lucidity.migrator.ConfigurationException naming the bad setting
     */
    public static Migrator load(
            SharedOptions options, Map<String, String> env, Path workingDirectory, MigratorListener listener) {
        return load(options, env, workingDirectory, listener, builder -> {});
    }

    /**
     * Loads a Migrator from every source, then the command's own settings.
     *
     * @param command the command's own settings (applied last)
     * @throws io.lucidity.migrator.ConfigurationException naming the bad setting
     */
    public static Migrator load(
            SharedOptions options,
            Map<String, String> env,
            Path workingDirectory,
            MigratorListener listener,
            Consumer<MigratorConfig.Builder> command) {
        return builder(options, env, workingDirectory, listener, command)
                .load(); // validation registers every password, those inside the URLs too, for masking
    }

    /**
     * The builder from every source, then the command's own settings, not yet validated (a command that can work
     * without a database, {@code lint}, decides).
     */
    public static MigratorConfig.Builder builder(
            SharedOptions options,
            Map<String, String> env,
            Path workingDirectory,
            MigratorListener listener,
            Consumer<MigratorConfig.Builder> command) {
        MigratorConfig.Builder builder = Migrator.configure()
                .integration(Integration.cli())
                .applicationName(APPLICATION_NAME)
                .listener(listener);
        builder.propertiesFiles(files(options, workingDirectory));
        builder.environment(env);
        options.settings().forEach(builder::setting);
        ServiceLoader.load(PreUpgradeCheck.class).forEach(builder::check);
        command.accept(builder);
        return builder;
    }

    /**
     * Two tenant sources on the command line are a usage error; core refuses two in one properties file or in the
     * environment. Across levels the higher one wins, as for every setting.
     *
     * @return what conflicts, or null when at most one source is given
     */
    public static String tenantSourceConflict(SharedOptions options) {
        List<String> given = options.tenantSources();
        return given.size() > 1
                ? String.join(" and ", given) + " were given together: a fleet has one tenant source"
                : null;
    }

    /** {@code ./migrator.properties} when present, then the {@code --config} file: core merges them key by key. */
    private static List<Path> files(SharedOptions options, Path workingDirectory) {
        List<Path> files = new ArrayList<>();
        Path local = workingDirectory.resolve(LOCAL_FILE);
        if (Files.isRegularFile(local)) {
            files.add(local);
        }
        if (options.config() != null && !options.config().isBlank()) {
            files.add(workingDirectory.resolve(options.config()));
        }
        return files;
    }
}
