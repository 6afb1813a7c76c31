package io.lucidity.migrator.cli;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorListener;
import io.lucidity.migrator.PreUpgradeCheck;
import io.lucidity.migrator.internal.config.FrontEnd;
import io.lucidity.migrator.internal.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;

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

    private Configuration() {
    }

    /**
     * Loads a Migrator from every source.
     *
     * @param options          the command line
     * @param env              the process environment
     * @param workingDirectory where {@code migrator.properties} is looked for
     * @param listener         told of upgrade progress
     * @throws io.lucidity.migrator.ConfigurationException naming the bad setting
     */
    public static Migrator load(SharedOptions options, Map<String, String> env, Path workingDirectory,
                                MigratorListener listener) {
        MigratorConfig.Builder builder = Migrator.configure().frontEnd(FrontEnd.CLI).applicationName("migrator-cli")
                .listener(listener);
        builder.properties(files(options, workingDirectory));
        builder.environment(env);
        options.settings().forEach(builder::setting);
        ServiceLoader.load(PreUpgradeCheck.class).forEach(builder::check);
        return builder.load(); // validation registers every password, those inside the URLs too, for masking
    }

    private static Properties files(SharedOptions options, Path workingDirectory) {
        Properties merged = new Properties();
        Path local = workingDirectory.resolve(LOCAL_FILE);
        if (Files.isRegularFile(local)) {
            merged.putAll(Settings.readProperties(local));
        }
        if (options.config() != null && !options.config().isBlank()) {
            merged.putAll(Settings.readProperties(workingDirectory.resolve(options.config())));
        }
        return merged;
    }
}
