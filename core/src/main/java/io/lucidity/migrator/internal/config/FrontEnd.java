package io.lucidity.migrator.internal.config;

import io.lucidity.migrator.Integration;
import java.util.Locale;
import java.util.Map;

/**
 * The front end a {@link io.lucidity.migrator.MigratorConfig} came from, and how it names a setting: every remedy
 * that tells the user to change a setting renders its key ({@code lock-timeout}, the names of
 * {@link io.lucidity.migrator.MigratorOption#keys()}) through here, so that it reads {@code lockTimeout(..)} to a caller of the Java API,
 * {@code --lock-timeout (MIGRATOR_LOCK_TIMEOUT)} to a user of the CLI, {@code migrator.lock-timeout} in Spring Boot and
 * {@code quarkus.migrator.lock-timeout} in Quarkus.
 */
public final class FrontEnd {
    /** Builder methods whose name is not the key in camel case. */
    private static final Map<String, String> BUILDER_METHODS = Map.of(
            "seeds",
            "seedLocations",
            "password-file",
            "password",
            "migration-password-file",
            "migrationPassword",
            "url",
            "url(..) or dataSource");

    /** The Java API: {@code Migrator.configure().lockTimeout(..)}. The default. */
    public static final FrontEnd CODE = new FrontEnd(Kind.CODE, null, null);
    /** The CLI: {@code --lock-timeout} or {@code MIGRATOR_LOCK_TIMEOUT} (or {@code migrator.properties}). */
    public static final FrontEnd CLI = new FrontEnd(Kind.CLI, null, null);

    private enum Kind {
        CODE,
        CLI,
        SPRING,
        QUARKUS
    }

    private final Kind kind;
    private final String prefix;
    private final String dataSourcePrefix;

    private FrontEnd(Kind kind, String prefix, String dataSourcePrefix) {
        this.kind = kind;
        this.prefix = prefix;
        this.dataSourcePrefix = dataSourcePrefix;
    }

    /** The front end of an {@link Integration}: how its remedies name settings. */
    public static FrontEnd of(Integration integration) {
        return switch (integration.kind()) {
            case CODE -> CODE;
            case CLI -> CLI;
            case SPRING -> spring();
            case QUARKUS -> quarkus(integration.dataSource().orElse(null));
        };
    }

    /** Spring Boot: properties {@code migrator.*}. */
    public static FrontEnd spring() {
        return new FrontEnd(Kind.SPRING, "migrator.", null);
    }

    /**
     * Quarkus: {@code quarkus.migrator.*} for the default datasource, {@code quarkus.migrator."name".*} for a named one.
     *
     * @param dataSource the datasource's name, or null (or {@code <default>}) for the default one
     */
    public static FrontEnd quarkus(String dataSource) {
        boolean named = dataSource != null && !dataSource.isBlank() && !"<default>".equals(dataSource);
        return new FrontEnd(
                Kind.QUARKUS,
                named ? "quarkus.migrator.\"" + dataSource + "\"." : "quarkus.migrator.",
                named ? "quarkus.datasource.\"" + dataSource + "\"." : "quarkus.datasource.");
    }

    /**
     * The setting's name in this front end's words: {@code lockTimeout(..)}, {@code --lock-timeout
     * (MIGRATOR_LOCK_TIMEOUT)}, {@code migrator.lock-timeout}, {@code quarkus.migrator.lock-timeout}.
     *
     * @param key an option name as in {@code migrator.properties}
     */
    public String name(String key) {
        return switch (kind) {
            case CODE -> method(key) + "(..)";
            case CLI ->
                switch (key) {
                    case "password" -> "MIGRATOR_PASSWORD, PGPASSWORD or --password-file";
                    case "migration-password" -> "MIGRATOR_MIGRATION_PASSWORD or --migration-password-file";
                    default -> "--" + key + " (" + environment(key) + ")";
                };
            case SPRING, QUARKUS -> property(key);
        };
    }

    /**
     * The setting given a value: {@code outOfOrder(true)}, {@code --out-of-order=true (MIGRATOR_OUT_OF_ORDER=true)},
     * {@code migrator.out-of-order=true}.
     */
    public String assign(String key, String value) {
        return switch (kind) {
            case CODE ->
                method(key) + "("
                        + ("transaction-mode".equals(key)
                                ? "TransactionMode."
                                        + value.toUpperCase(Locale.ROOT).replace('-', '_')
                                : "lint".equals(key) ? "LintPolicy." + value.toUpperCase(Locale.ROOT) : value)
                        + ")";
            case CLI -> "--" + key + "=" + value + " (" + environment(key) + "=" + value + ")";
            case SPRING, QUARKUS -> property(key) + "=" + value;
        };
    }

    /**
     * An operation in this front end's words, quoted: {@code `migrator stamp 3`} to a user of the CLI,
     * {@code `migrator.stamp("3")`} to a caller of the Java API, and the operator's CLI run against the same database,
     * {@code `java -jar migrator.jar stamp 3`}, in Spring Boot and Quarkus (whose applications have no such call at
     * hand).
     *
     * @param cli  the CLI's arguments, e.g. {@code stamp 3}
     * @param java the Java API's call on a {@code Migrator}, e.g. {@code stamp("3")}
     */
    public String command(String cli, String java) {
        return switch (kind) {
            case CLI -> "`migrator " + cli + "`";
            case CODE -> "`migrator." + java + "`";
            case SPRING, QUARKUS -> "`java -jar migrator.jar " + cli + "`";
        };
    }

    /** {@link #command} for {@code stamp <revision>}. */
    public String stamp(String revision) {
        return command("stamp " + revision, "stamp(\"" + revision + "\")");
    }

    /** {@link #command} for {@code repair}. */
    public String repair() {
        return command("repair", "repair()");
    }

    /**
     * Where a value for {@code ${env:NAME}} in a seed is given besides the environment: {@code seedVariable("NAME", ..)},
     * {@code migrator.seed-variables.NAME}; null for the CLI, which reads the environment only.
     */
    public String seedVariable(String variable) {
        return switch (kind) {
            case CODE -> "seedVariable(\"" + variable + "\", ..)";
            case CLI -> null;
            case SPRING, QUARKUS -> prefix + "seed-variables." + variable;
        };
    }

    /** How to define a Flyway placeholder {@code ${name}}. */
    public String placeholder() {
        return switch (kind) {
            case CODE -> "placeholder(\"<name>\", value)";
            case CLI -> "placeholders.<name>=value in migrator.properties";
            case SPRING, QUARKUS -> prefix + "placeholders.<name>=value";
        };
    }

    /** Where the application runs, for "in the environment of ...". */
    public String application() {
        return kind == Kind.CLI ? "migrator" : "the application";
    }

    private String property(String key) {
        if (kind == Kind.QUARKUS) {
            switch (key) {
                case "url":
                    return dataSourcePrefix + "jdbc.url";
                case "user":
                    return dataSourcePrefix + "username";
                case "password", "password-file":
                    return dataSourcePrefix + "password";
                default:
                    break;
            }
        }
        return prefix
                + switch (key) {
                    case "seeds" -> "seed-locations";
                    case "password-file" -> "password";
                    case "migration-password-file" -> "migration-password";
                    default -> key;
                };
    }

    private static String method(String key) {
        String special = BUILDER_METHODS.get(key);
        if (special != null) {
            return special;
        }
        StringBuilder camel = new StringBuilder();
        boolean upper = false;
        for (char ch : key.toCharArray()) {
            if (ch == '-') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return camel.toString();
    }

    private static String environment(String key) {
        return "MIGRATOR_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + (prefix == null ? "" : " (" + prefix + "*)");
    }
}
