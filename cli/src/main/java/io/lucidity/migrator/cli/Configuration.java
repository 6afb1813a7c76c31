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
        MigratorConfig.Builder builder = Migrator.configure()
                .integration(Integration.cli())
                .applicationName(APPLICATION_NAME)
                .listener(listener);
        builder.propertiesFiles(files(options, workingDirectory));
        builder.environment(env);
        options.settings().forEach(builder::setting);
        ServiceLoader.load(PreUpgradeCheck.class).forEach(builder::check);
        command.accept(builder);
        return builder.load(); // validation registers every password, those inside the URLs too, for masking
    }

    /** The tenant source settings: a source names the fleet's tenants, at most one may be set. */
    private static final List<String> TENANT_SOURCES =
            List.of("tenant-schemas", "tenant-databases", "tenants", "tenant-query");

    /**
     * Two tenant sources set at the same level (the command line, {@code MIGRATOR_*} variables, the properties files)
     * are a usage error; across levels the higher one wins, as for every setting.
     *
     * @return what conflicts, or null when at most one source is set at each level
     */
    public static String tenantSourceConflict(SharedOptions options, Map<String, String> env, Path workingDirectory) {
        List<String> given = options.tenantSources();
        if (given.size() > 1) {
            return String.join(" and ", given) + " were given together: a fleet has one tenant source";
        }
        List<String> variables = TENANT_SOURCES.stream()
                .map(key -> "MIGRATOR_" + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_'))
                .filter(env::containsKey)
                .toList();
        if (variables.size() > 1) {
            return String.join(" and ", variables) + " are set together: a fleet has one tenant source";
        }
        java.util.Properties merged = new java.util.Properties();
        for (Path file : files(options, workingDirectory)) {
            try (java.io.Reader reader = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
                merged.load(reader);
            } catch (java.io.IOException | RuntimeException e) {
                return null; // core reports the unreadable file when it loads the settings
            }
        }
        List<String> keys = TENANT_SOURCES.stream().filter(merged::containsKey).toList();
        if (keys.size() > 1) {
            return String.join(" and ", keys)
                    + " are set together in the properties files: a fleet has one tenant source";
        }
        return null;
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
