package io.lucidity.migrator.internal.config;

import io.lucidity.migrator.ConfigurationException;
import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.MigratorOption;
import io.lucidity.migrator.PreUpgradeCheck;
import io.lucidity.migrator.TransactionMode;
import io.lucidity.migrator.internal.Facts;
import io.lucidity.migrator.internal.JdbcUrlSyntax;
import io.lucidity.migrator.internal.Redactor;
import io.lucidity.migrator.internal.history.BookkeepingTables;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code MIGRATOR_*} variables and {@code migrator.properties} through the option table
 * ({@link MigratorOption}), parses values for it, shows a configuration by option name, and validates a built
 * configuration.
 */
public final class Settings {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    /** A name PostgreSQL reads without quotes: a letter (of any script) or underscore, then letters, digits, _ and $. */
    private static final Pattern IDENTIFIER = Pattern.compile("[\\p{L}_][\\p{L}\\p{M}\\p{Nd}_$]*");
    /** PostgreSQL's longest name (NAMEDATALEN - 1): a longer one is cut short by the server. */
    private static final int MAX_NAME_BYTES = 63;

    private static final String ENV_PREFIX = "MIGRATOR_";

    /** Option names, as written in migrator.properties and on the command line: {@link MigratorOption#keys()}. */
    private static final List<String> KEYS = MigratorOption.keys();

    private Settings() {}

    /**
     * The refusal of a key that is no option.
     *
     * @param key the key as given
     */
    public static MigratorException unknownOption(String key) {
        return invalid(
                key,
                "is not a Migrator option",
                "Use one of: " + String.join(", ", KEYS) + ", placeholders.<name>, check.<name>.sql.");
    }

    /**
     * {@code MIGRATOR_*} variables that are not settings and are read by other parts of this project: the CLI's
     * {@code --config}, {@code --json} and {@code --debug}, the PostgreSQL client tools' directory (backup, restore,
     * the embedded server), and the test fixtures' {@code MIGRATOR_TEST_*} family.
     */
    private static final java.util.Set<String> NOT_SETTINGS =
            java.util.Set.of("MIGRATOR_CONFIG", "MIGRATOR_JSON", "MIGRATOR_DEBUG", "MIGRATOR_PG_BIN");

    private static final String TEST_PREFIX = "MIGRATOR_TEST_";
    private static final String PLACEHOLDER_PREFIX = ENV_PREFIX + "PLACEHOLDERS_";
    private static final String CHECK_PREFIX = ENV_PREFIX + "CHECK_";
    private static final String CHECK_SUFFIX = "_SQL";

    /** The {@code MIGRATOR_*} variables that are not settings but are read by the CLI, backups or the test fixtures. */
    public static boolean isOtherVariable(String name) {
        return NOT_SETTINGS.contains(name) || name.startsWith(TEST_PREFIX);
    }

    /**
     * Applies every {@code MIGRATOR_*} variable: {@code MIGRATOR_<OPTION>} (e.g. {@code MIGRATOR_LOCK_TIMEOUT}),
     * {@code MIGRATOR_PLACEHOLDERS_<NAME>} ({@code placeholders.<name>}, the name in lower case) and
     * {@code MIGRATOR_CHECK_<NAME>_SQL} ({@code check.<name>.sql}, the name in lower case with {@code -} for
     * {@code _}). An empty variable counts as unset. Any other {@code MIGRATOR_*} variable is refused, naming the
     * closest known one, except those of {@link #isOtherVariable}. {@code PGPASSWORD} is used only when neither
     * {@code passwordAlreadySet} nor a {@code MIGRATOR_PASSWORD*} variable gives one.
     *
     * @throws ConfigurationException for an unknown {@code MIGRATOR_*} variable or a bad value
     */
    public static void applyEnvironment(MigratorConfig.Builder b, Map<String, String> env, boolean passwordAlreadySet) {
        Map<String, String> byName = new TreeMap<>();
        for (String key : KEYS) {
            byName.put(MigratorOption.environmentName(key), key);
        }
        boolean passwordSet = passwordAlreadySet;
        refuseTwoTenantSources(env, MigratorOption::environmentName);
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            if (!name.startsWith(ENV_PREFIX) || isOtherVariable(name)) {
                continue;
            }
            String key = byName.get(name);
            if (key == null) {
                key = familyKey(name);
            }
            if (key == null) {
                throw unknownVariable(name, byName.keySet());
            }
            if (value != null && !value.isEmpty()) {
                b.setting(key, value);
                passwordSet |= key.startsWith("password");
            }
        }
        String pgPassword = env.get("PGPASSWORD");
        if (!passwordSet && pgPassword != null && !pgPassword.isEmpty()) {
            b.password(secret(pgPassword));
        }
    }

    /** {@code placeholders.<name>} or {@code check.<name>.sql} for a variable of those families, else null. */
    private static String familyKey(String name) {
        if (name.startsWith(PLACEHOLDER_PREFIX) && name.length() > PLACEHOLDER_PREFIX.length()) {
            return "placeholders." + name.substring(PLACEHOLDER_PREFIX.length()).toLowerCase(Locale.ROOT);
        }
        if (name.startsWith(CHECK_PREFIX)
                && name.endsWith(CHECK_SUFFIX)
                && name.length() > CHECK_PREFIX.length() + CHECK_SUFFIX.length()) {
            String check = name.substring(CHECK_PREFIX.length(), name.length() - CHECK_SUFFIX.length());
            return "check." + check.toLowerCase(Locale.ROOT).replace('_', '-') + ".sql";
        }
        return null;
    }

    private static MigratorException unknownVariable(String name, java.util.Collection<String> known) {
        String closest = known.stream()
                .min(java.util.Comparator.comparingInt((String k) -> distance(name, k))
                        .thenComparing(k -> k))
                .orElseThrow();
        return MigratorException.of(
                DiagnosticCode.CONFIG_INVALID,
                "The environment variable " + name + " is not a Migrator setting.",
                Facts.of("variable", name).and("closest setting", closest).map(),
                "Did you mean " + closest + "? Rename or unset " + name + ". Settings are MIGRATOR_<KEY> for each key ("
                        + String.join(", ", KEYS) + "), MIGRATOR_PLACEHOLDERS_<NAME> and MIGRATOR_CHECK_<NAME>_SQL; "
                        + "MIGRATOR_CONFIG, MIGRATOR_JSON, MIGRATOR_DEBUG, MIGRATOR_PG_BIN and MIGRATOR_TEST_* are read too.",
                null);
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * The configuration in effect, by option name, as text (passwords as {@code <masked>}, URLs masked): every option
     * of {@link MigratorOption} in its order but the aliases and the password files, then {@code placeholders.<name>}
     * and {@code check.<name>.sql} (the query of a check given as SQL, else {@code (in code)}).
     */
    public static Map<String, String> effective(MigratorConfig c) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (MigratorOption option : MigratorOption.values()) {
            switch (option) {
                case PASSWORD_FILE, MIGRATION_PASSWORD_FILE -> {} // shown as password and migration-password
                case PLACEHOLDERS ->
                    new TreeMap<>(c.placeholders()).forEach((name, value) -> m.put("placeholders." + name, value));
                case CHECKS ->
                    c.checks()
                            .forEach(check -> m.put(
                                    "check." + check.name() + ".sql",
                                    check instanceof io.lucidity.migrator.internal.check.SqlDrainCheck sql
                                            ? sql.sql()
                                            : "(in code)"));
                default -> m.put(option.key(), shown(option, c));
            }
        }
        return m;
    }

    /** One option's value as {@link #effective} shows it; a new option fails to compile here until it is shown. */
    private static String shown(MigratorOption option, MigratorConfig c) {
        return switch (option) {
            case URL -> c.dataSource() != null ? "(the application's DataSource)" : maskUrl(c.url());
            case USER -> c.user();
            case PASSWORD, PASSWORD_FILE -> c.password() == null ? null : "<masked>";
            case MIGRATION_URL -> maskUrl(c.migrationUrl());
            case MIGRATION_USER -> c.migrationUser();
            case MIGRATION_PASSWORD, MIGRATION_PASSWORD_FILE -> c.migrationPassword() == null ? null : "<masked>";
            case SCHEMA -> c.schema();
            case TABLE -> c.table();
            case LOCATIONS -> String.join(",", c.locations());
            case SEEDS -> String.join(",", c.seedLocations());
            case EXTENSIONS ->
                String.join(",", c.extensions().stream().map(Object::toString).toList());
            case LOCK_TIMEOUT -> text(c.lockTimeout());
            case DDL_LOCK_RETRIES -> Integer.toString(c.ddlLockRetries());
            case DDL_LOCK_TIMEOUT -> text(c.ddlLockTimeout());
            case CONNECT_TIMEOUT -> text(c.connectTimeout());
            case LOCK_LOG_INTERVAL -> text(c.lockLogInterval());
            case TOLERATE_NEWER_SCHEMA -> Boolean.toString(c.tolerateNewerSchema());
            case OUT_OF_ORDER -> Boolean.toString(c.outOfOrder());
            case TRANSACTION_MODE -> c.transactionMode() == TransactionMode.SINGLE ? "single" : "per-migration";
            case PLACEHOLDER_REPLACEMENT -> Boolean.toString(c.placeholderReplacement());
            case APPLICATION_NAME -> c.applicationName();
            case TENANT_SCHEMAS -> c.tenantSchemas();
            case TENANT_DATABASES -> c.tenantDatabases();
            case TENANTS -> c.tenants() == null ? null : String.join(",", c.tenants());
            case TENANT_QUERY -> c.tenantQuery();
            case PARALLEL -> Integer.toString(c.parallelism());
            case LINT -> c.lint().key();
            case PLACEHOLDERS, CHECKS -> null;
        };
    }

    /** A duration as the settings write it: {@code 30s}, {@code 500ms}, {@code 2m}. */
    private static String text(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long seconds = d.toSeconds();
        if (seconds != 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds != 0 && seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    /** Applies every entry of a properties set, in key order. */
    public static void applyProperties(MigratorConfig.Builder b, Properties properties) {
        Map<String, String> sorted = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> sorted.put(name, properties.getProperty(name)));
        refuseTwoTenantSources(sorted, name -> name);
        sorted.forEach(b::setting);
    }

    /** The keys of the tenant sources, which replace each other on the builder. */
    private static final List<String> TENANT_SOURCES =
            List.of("tenant-schemas", "tenant-databases", "tenants", "tenant-query");

    /**
     * Refuses one set of settings (a properties file, the environment) that names two tenant sources: applied in key
     * order, the last would silently replace the other. A source of a higher rank (the environment over a file, the
     * command line over both) replaces a lower one's tenant source, as for any setting.
     *
     * @param named how a key is written in that set ({@code tenant-schemas} or {@code MIGRATOR_TENANT_SCHEMAS})
     */
    private static void refuseTwoTenantSources(
            Map<String, String> settings, java.util.function.UnaryOperator<String> named) {
        List<String> given = new ArrayList<>();
        for (String key : TENANT_SOURCES) {
            String value = settings.get(named.apply(key));
            if (value != null && !value.isEmpty()) {
                given.add(named.apply(key));
            }
        }
        if (given.size() > 1) {
            throw invalid(
                    given.get(0),
                    "is set together with " + String.join(" and ", given.subList(1, given.size()))
                            + ", and a fleet has one tenant source",
                    "Keep one of " + String.join(", ", given) + " and remove the other"
                            + (given.size() > 2 ? "s." : "."));
        }
    }

    /** Reads a properties file (UTF-8). */
    public static Properties readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
            return properties;
        } catch (IOException e) {
            throw MigratorException.of(
                    DiagnosticCode.CONFIG_INVALID,
                    "The configuration file " + file + " cannot be read.",
                    Facts.of("file", file.toAbsolutePath())
                            .and("error", e.getMessage())
                            .map(),
                    "Check that the file exists and is readable, or leave out --config.",
                    e);
        }
    }

    /**
     * Parses {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code 1d}, ISO-8601 ({@code PT2M}) or a
     * number of seconds.
     */
    public static Duration duration(String key, String text) {
        if (text == null || text.isBlank()) {
            throw invalid(key, "is empty", "Give a duration such as 30s, 500ms, 2m or PT2M.");
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw invalid(key, "'" + text + "' is not a duration", "Give a duration such as 30s, 500ms, 2m or PT2M.");
        }
    }

    /** Masks the password inside a JDBC URL (all of it after password= when the driver could not read the URL). */
    public static String maskUrl(String url) {
        return url == null ? null : Redactor.redactUrl(url);
    }

    /**
     * Validates a configuration built from the builder.
     *
     * @throws ConfigurationException naming the first bad setting
     */
    public static void validate(MigratorConfig c) {
        validate(c, true);
    }

    /**
     * Validates a configuration built from the builder; without {@code needsDatabase} (static lint) a missing url is
     * accepted.
     *
     * @throws ConfigurationException naming the first bad setting
     */
    public static void validate(MigratorConfig c, boolean needsDatabase) {
        Redactor.register(c.password());
        Redactor.register(c.migrationPassword());
        c.seedVariables().values().forEach(Redactor::register);
        if (needsDatabase && c.dataSource() == null && isBlank(c.url())) {
            throw invalid(
                    "url",
                    "is not set and no DataSource was given",
                    "Set " + FrontEnd.of(c.integration()).name("url")
                            + " to a jdbc:postgresql:// URL, or pass a DataSource.");
        }
        if (c.dataSource() != null && !isBlank(c.url())) {
            throw invalid(
                    "url",
                    "is set together with a DataSource",
                    "Give either a DataSource or url/user/password, not both; for a separate migration connection use migration-url.");
        }
        if (c.dataSource() != null && c.migrationUrl() == null && c.migrationUser() != null) {
            throw invalid(
                    "migration-user",
                    "is set without migration-url while Migrator works on a DataSource, whose URL it "
                            + "does not know",
                    "Set " + FrontEnd.of(c.integration()).name("migration-url")
                            + " too (the JDBC URL migrations log in to as the migration " + "user), or leave out "
                            + FrontEnd.of(c.integration()).name("migration-user") + ".");
        }
        checkUrl("url", c.url(), FrontEnd.of(c.integration()));
        checkUrl("migration-url", c.migrationUrl(), FrontEnd.of(c.integration()));
        registerUrlPassword(c.url());
        registerUrlPassword(c.migrationUrl());
        checkIdentifier("schema", c.schema());
        checkIdentifier("table", c.table());
        checkNameLength("schema", "schema", c.schema(), MAX_NAME_BYTES);
        checkTableNames(c.table());
        checkNotNegative("lock-timeout", c.lockTimeout());
        checkNotNegative("ddl-lock-timeout", c.ddlLockTimeout());
        if (c.ddlLockRetries() < 0) {
            throw invalid("ddl-lock-retries", "is negative", "Give 0 (refuse at once) or a number of retries, e.g. 3.");
        }
        checkNotNegative("connect-timeout", c.connectTimeout());
        checkNotNegative("lock-log-interval", c.lockLogInterval());
        if (c.lockLogInterval().isZero()) {
            throw invalid("lock-log-interval", "is zero", "Give a positive duration, e.g. 5s.");
        }
        if (c.transactionMode() == null) {
            throw invalid("transaction-mode", "is not set", "Use single or per-migration.");
        }
        if (c.locations().isEmpty()) {
            throw invalid("locations", "is empty", "Give at least one location, e.g. classpath:db/migration.");
        }
        c.locations().forEach(location -> checkLocation("locations", location));
        c.seedLocations().forEach(location -> checkLocation("seeds", location));
        if (isBlank(c.applicationName())) {
            throw invalid("application-name", "is empty", "Give a name, e.g. migrator.");
        }
    }

    private static void registerUrlPassword(String url) {
        if (url != null && url.startsWith("jdbc:postgresql:")) {
            java.util.Properties parsed = org.postgresql.Driver.parseURL(url, null);
            if (parsed != null) {
                Redactor.register(parsed.getProperty("password"));
            }
        }
    }

    public static void applyCheck(MigratorConfig.Builder b, String key, String sql) {
        String[] parts = key.split("\\.", 3);
        if (parts.length != 3 || parts[1].isEmpty() || !parts[2].equalsIgnoreCase("sql")) {
            throw invalid(
                    key,
                    "is not of the form check.<name>.sql",
                    "Write, for example, check.queue-drained.sql=SELECT count(*) FROM jobs");
        }
        if (isBlank(sql)) {
            throw invalid(key, "is empty", "Give a query that returns no rows or a single zero when the check passes.");
        }
        b.check(PreUpgradeCheck.sql(parts[1], sql));
    }

    /**
     * Refuses a URL that is not a PostgreSQL JDBC URL, or that the driver cannot read (a password pasted without
     * percent-encoding, mostly), which would otherwise be retried as an unreachable server until connect-timeout. Such
     * a URL never reaches the driver, which would log it whole; in the diagnostic all of it after password= is masked.
     */
    private static void checkUrl(String key, String url, FrontEnd frontEnd) {
        if (url == null) {
            return;
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw invalid(
                    key,
                    "'" + Redactor.redactUnparseableUrl(url) + "' is not a PostgreSQL JDBC URL",
                    "Write it as jdbc:postgresql://host:5432/database.");
        }
        String problem = JdbcUrlSyntax.problem(url);
        if (problem == null && org.postgresql.Driver.parseURL(url, null) == null) {
            problem = "has a parameter the driver refuses (e.g. a service= that pg_service.conf does not define)";
        }
        if (problem != null) {
            String passwordSetting = key.equals("migration-url")
                    ? frontEnd.name("migration-password") + ", or else " + frontEnd.name("password")
                    : frontEnd.name("password");
            throw invalid(
                    key,
                    "'" + Redactor.redactUnparseableUrl(url) + "' cannot be read by the PostgreSQL driver: it "
                            + problem,
                    "Write it as jdbc:postgresql://host:5432/database?user=NAME. In the URL, percent-encode the password "
                            + "(% as %25, & as %26, / as %2F, ? as %3F, @ as %40, # as %23), or better leave it out and give it "
                            + "through " + passwordSetting + ".");
        }
    }

    private static void checkIdentifier(String key, String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw invalid(
                    key,
                    "'" + name + "' is not a plain SQL identifier",
                    "Use letters, digits and underscores, starting with a letter or underscore (at most "
                            + MAX_NAME_BYTES + " bytes in UTF-8).");
        }
    }

    /** Refuses a history table name when it, or a name derived from it (its primary key, its index), is too long. */
    private static void checkTableNames(String table) {
        Map<String, String> names = BookkeepingTables.derivedNames(table);
        int longestSuffix =
                names.values().stream().mapToInt(Settings::bytes).max().orElse(0) - bytes(table);
        names.forEach((what, name) -> checkNameLength("table", what, name, MAX_NAME_BYTES - longestSuffix));
    }

    /**
     * Refuses a name (the setting's value, or a name derived from it) longer than PostgreSQL holds, measured in
     * bytes of UTF-8; {@code allowed} is the longest value of the setting that gives names that fit.
     */
    private static void checkNameLength(String key, String what, String name, int allowed) {
        int bytes = bytes(name);
        if (bytes > MAX_NAME_BYTES) {
            throw MigratorException.of(
                    DiagnosticCode.CONFIG_INVALID,
                    "The setting " + key + " gives the " + what + " name '" + name + "' of " + bytes
                            + " bytes; PostgreSQL holds names of at most " + MAX_NAME_BYTES
                            + " bytes and cuts longer ones short.",
                    Facts.of("setting", key)
                            .and("name", name)
                            .and("length", bytes + " bytes (UTF-8)")
                            .and("limit", MAX_NAME_BYTES + " bytes")
                            .map(),
                    "Shorten " + key + " to at most " + allowed
                            + " bytes (UTF-8; a letter outside ASCII takes 2 to 4).",
                    null);
        }
    }

    private static int bytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void checkNotNegative(String key, Duration d) {
        if (d == null || d.isNegative()) {
            throw invalid(key, "must be zero or positive, was " + d, "Give a duration such as 30s.");
        }
    }

    private static void checkLocation(String key, String location) {
        if (location == null || location.isBlank()) {
            throw invalid(key, "contains an empty location", "Remove the empty entry.");
        }
        if (location.contains(":") && !location.startsWith("classpath:") && !location.startsWith("filesystem:")) {
            throw invalid(
                    key,
                    "location '" + location + "' has an unknown prefix",
                    "Use classpath:path or filesystem:path (no prefix means classpath:).");
        }
    }

    /** A comma-separated list; empty is the empty list (the builder reads {@code none} alone as empty too). */
    public static String[] list(String value) {
        if (value == null || value.isBlank()) {
            return new String[0];
        }
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toArray(String[]::new);
    }

    /** A whole number of 1 or more. */
    public static int positiveInt(String key, String value) {
        return intAtLeast(key, value, 1, 4);
    }

    /** A whole number of 0 or more. */
    public static int nonNegativeInt(String key, String value) {
        return intAtLeast(key, value, 0, 3);
    }

    /** A whole number of {@code min} or more; the remedy's example is {@code key=example}. */
    private static int intAtLeast(String key, String value, int min, int example) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        String wanted = "a whole number of " + min + " or more";
        throw invalid(
                key, "is '" + value + "', not " + wanted, "Give " + wanted + ", e.g. " + key + "=" + example + ".");
    }

    public static boolean bool(String key, String value) {
        if ("true".equalsIgnoreCase(value) || "yes".equalsIgnoreCase(value) || "1".equals(value)) {
            return true;
        }
        if ("false".equalsIgnoreCase(value) || "no".equalsIgnoreCase(value) || "0".equals(value)) {
            return false;
        }
        throw invalid(key, "'" + value + "' is not a boolean", "Use true or false.");
    }

    public static TransactionMode transactionMode(String key, String value) {
        String v = value == null ? "" : value.toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (v) {
            case "single" -> TransactionMode.SINGLE;
            case "per-migration" -> TransactionMode.PER_MIGRATION;
            default -> throw invalid(key, "'" + value + "' is not a transaction mode", "Use single or per-migration.");
        };
    }

    /** {@code off}, {@code warn} or {@code refuse}. */
    public static io.lucidity.migrator.LintPolicy lintPolicy(String key, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "off" -> io.lucidity.migrator.LintPolicy.OFF;
            case "warn" -> io.lucidity.migrator.LintPolicy.WARN;
            case "refuse" -> io.lucidity.migrator.LintPolicy.REFUSE;
            default -> throw invalid(key, "'" + value + "' is not a lint policy", "Use off, warn or refuse.");
        };
    }

    public static String secret(String value) {
        Redactor.register(value);
        return value;
    }

    public static String readSecretFile(String key, String path) {
        if (isBlank(path)) {
            throw invalid(key, "is empty", "Give the path of a file holding the password.");
        }
        try {
            String content = Files.readString(Path.of(path), StandardCharsets.UTF_8);
            return content.strip();
        } catch (IOException e) {
            throw MigratorException.of(
                    DiagnosticCode.CONFIG_INVALID,
                    "The password file " + path + " cannot be read.",
                    Facts.of("setting", key)
                            .and("file", path)
                            .and("error", e.getClass().getSimpleName())
                            .map(),
                    "Check the path and its permissions, or give the password through MIGRATOR_PASSWORD.",
                    e);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** The refusal of a setting: {@code MIGRATOR-CONFIG}, "The setting KEY PROBLEM.", the setting as the fact. */
    public static MigratorException invalid(String key, String problem, String remedy) {
        return MigratorException.of(
                DiagnosticCode.CONFIG_INVALID,
                "The setting " + key + " " + problem + ".",
                Facts.of("setting", key).map(),
                remedy,
                null);
    }
}
