package io.lucidity.migrator.internal.resolve;

import io.lucidity.migrator.ConfigurationException;
import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.internal.Facts;
import io.lucidity.migrator.internal.config.FrontEnd;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.jdbc.JdbcTemplate;
import org.flywaydb.core.internal.jdbc.Results;
import org.flywaydb.core.internal.parser.Parser;
import org.flywaydb.core.internal.parser.ParsingContext;
import org.flywaydb.core.internal.resolver.ChecksumCalculator;
import org.flywaydb.core.internal.sqlscript.SqlScriptMetadata;
import org.flywaydb.core.internal.sqlscript.SqlStatement;
import org.flywaydb.core.internal.sqlscript.SqlStatementIterator;
import org.flywaydb.database.postgresql.PostgreSQLCopyParsedStatement;
import org.flywaydb.database.postgresql.PostgreSQLParser;

/**
 * The one place Migrator uses Flyway Core: its PostgreSQL parser (statement splitting, transaction
 * detection, placeholders, {@code COPY ... FROM STDIN}), its per-script configuration files and its
 * checksums, so that scripts are read exactly as Flyway reads them and a history table written by one
 * is accepted by the other. Flyway 10 to 13 expose the same signatures here; an older Flyway on the
 * classpath is refused with a diagnostic naming both versions.
 */
public final class FlywayScripts {
    /** The Flyway version Migrator is built and tested with. */
    public static final String BUILT_WITH = builtWithFlyway();

    private static final Pattern REINDEX_NON_TX = Pattern.compile(
            "(?is)^REINDEX\\b(?:.*\\bCONCURRENTLY\\b.*|\\s*(?:\\([^)]*\\)\\s*)?(?:SYSTEM|DATABASE)\\b.*)");
    private static final Pattern SUBSCRIPTION = Pattern.compile("(?is)^CREATE\\s+SUBSCRIPTION\\b.*");
    private static final Pattern LEADING_COMMENTS = Pattern.compile("(?s)^(\\s*(--[^\\n]*(\\n|$)|/\\*.*?\\*/))*\\s*");

    private final MigratorConfig config;
    /** Flyway's built-in placeholders known so far; copied into the parsing context when it is made. */
    private final Map<String, String> builtIns = new java.util.LinkedHashMap<>();
    /** Made on first need: the no-op path at head computes checksums only and never builds them. */
    private FluentConfiguration flyway;

    private ParsingContext parsingContext;

    /**
     * @throws ConfigurationException when the Flyway on the classpath lacks what Migrator needs
     */
    public FlywayScripts(MigratorConfig config) {
        this.config = config;
        try {
            // Fail now, with the versions named, rather than at the first script.
            Class.forName(PostgreSQLParser.class.getName(), false, FlywayScripts.class.getClassLoader());
        } catch (LinkageError | ClassNotFoundException e) {
            throw incompatible(e);
        }
        builtIns.put("flyway:defaultSchema", config.schema());
        builtIns.put("flyway:table", config.table());
        builtIns.put("flyway:environment", "default");
        builtIns.put("flyway:workingDirectory", System.getProperty("user.dir"));
    }

    /** Flyway's configuration, made on first use. */
    private synchronized FluentConfiguration flyway() {
        if (flyway == null) {
            try {
                FluentConfiguration made = new FluentConfiguration(config.classLoader())
                        .placeholders(config.placeholders())
                        .placeholderReplacement(config.placeholderReplacement())
                        .defaultSchema(config.schema())
                        .table(config.table());
                ParsingContext context = new ParsingContext();
                context.getPlaceholders().putAll(builtIns);
                context.getPlaceholders()
                        .put(
                                "flyway:timestamp",
                                new java.text.SimpleDateFormat("yyyy-MM-dd HH:mm:ss").format(new java.util.Date()));
                parsingContext = context;
                flyway = made;
            } catch (LinkageError e) {
                throw incompatible(e);
            }
        }
        return flyway;
    }

    /** Flyway's parsing context (placeholders), made on first use. */
    private synchronized ParsingContext parsingContext() {
        flyway();
        return parsingContext;
    }

    private synchronized void putBuiltIn(String name, String value) {
        builtIns.put(name, value);
        if (parsingContext != null) {
            parsingContext.getPlaceholders().put(name, value);
        }
    }

    /**
     * Sets ${flyway:database} and ${flyway:user} from the configured URL and user, when there is one, so that
     * operations that read scripts before connecting see them too.
     */
    public synchronized void bind(String url, String user) {
        if (url == null || builtIns.containsKey("flyway:database")) {
            return;
        }
        java.util.Properties parsed = org.postgresql.Driver.parseURL(url, null);
        if (parsed != null && parsed.getProperty("PGDBNAME") != null) {
            putBuiltIn("flyway:database", parsed.getProperty("PGDBNAME"));
            String login = user != null ? user : parsed.getProperty("user");
            if (login != null) {
                putBuiltIn("flyway:user", login);
            }
        }
    }

    /** Sets ${flyway:database} and ${flyway:user} from a connection, as Flyway does, before any script is read. */
    public synchronized void bind(Connection c) throws SQLException {
        if (builtIns.containsKey("flyway:database")) {
            return;
        }
        // Both known to the driver from the login: no round trip.
        putBuiltIn("flyway:database", c.getCatalog());
        putBuiltIn("flyway:user", c.getMetaData().getUserName());
    }

    /** The front end whose words remedies use for a setting. */
    public FrontEnd frontEnd() {
        return FrontEnd.of(config.integration());
    }

    /** The Flyway checksum of a script: versioned ones as written, repeatable ones after placeholder replacement. */
    public int checksum(String sql, boolean repeatable, boolean placeholderReplacement) {
        try {
            LoadableResource resource = new ScriptResource("", sql);
            if (repeatable && placeholderReplacement && config.placeholderReplacement()) {
                resource = LoadableResource.createPlaceholderReplacingLoadableResource(
                        resource, flyway(), parsingContext());
            }
            return ChecksumCalculator.calculate(resource);
        } catch (FlywayException e) {
            throw MigratorException.of(
                    DiagnosticCode.UNREADABLE_FILE,
                    "A repeatable migration cannot be read: " + e.getMessage(),
                    Facts.of("error", e.getMessage()).map(),
                    "Define the placeholder ("
                            + FrontEnd.of(config.integration()).placeholder()
                            + "), or turn placeholder replacement off ("
                            + FrontEnd.of(config.integration()).assign("placeholder-replacement", "false") + ").",
                    e);
        } catch (LinkageError e) {
            throw incompatible(e);
        }
    }

    /**
     * Reads a per-script configuration file ({@code V1__x.sql.conf}) as Flyway does.
     *
     * @return the {@code executeInTransaction} setting (null when absent) and encoding
     * @throws FlywayException for an unknown property (the caller turns it into a diagnostic)
     */
    public ScriptConfig scriptConfig(String confContent) {
        try {
            Parser parser = new PostgreSQLParser(flyway(), parsingContext());
            SqlScriptMetadata metadata =
                    SqlScriptMetadata.fromResource(new ScriptResource("", confContent), parser, flyway());
            return new ScriptConfig(
                    metadata.executeInTransaction(), metadata.encoding(), metadata.placeholderReplacement());
        } catch (LinkageError e) {
            throw incompatible(e);
        }
    }

    /**
     * Splits a script into statements with Flyway's PostgreSQL parser.
     *
     * @param fileName              for {@code ${flyway:filename}}
     * @param placeholderReplacement false when the script's configuration turns replacement off
     * @throws FlywayException for an unparseable script or an undefined placeholder
     */
    public List<ScriptStatement> parse(String fileName, String sql, boolean placeholderReplacement) {
        try {
            FluentConfiguration effective = flyway();
            if (!placeholderReplacement && effective.isPlaceholderReplacement()) {
                effective = new FluentConfiguration(effective.getClassLoader())
                        .configuration(effective)
                        .placeholderReplacement(false);
            }
            // A context of its own (with this file's name), so that scripts can be parsed on several threads.
            ParsingContext context = new ParsingContext();
            synchronized (this) {
                context.getPlaceholders().putAll(parsingContext().getPlaceholders());
            }
            context.getPlaceholders().put("flyway:filename", fileName);
            Parser parser = new PostgreSQLParser(effective, context);
            DigitShield shield = DigitShield.of(sql);
            List<ScriptStatement> statements = new ArrayList<>();
            try (SqlStatementIterator iterator = parser.parse(new ScriptResource(fileName, shield.shielded()), null)) {
                while (iterator.hasNext()) {
                    SqlStatement statement = iterator.next();
                    String text = shield.restore(statement.getSql());
                    boolean transactional = statement.canExecuteInTransaction() && !needsOwnTransaction(text);
                    Object copy = statement instanceof PostgreSQLCopyParsedStatement c ? shield.restore(c) : null;
                    statements.add(new ScriptStatement(statement.getLineNumber(), text, transactional, copy));
                }
            }
            return statements;
        } catch (LinkageError e) {
            throw incompatible(e);
        }
    }

    /**
     * Runs a {@code COPY ... FROM STDIN} statement, with its inline data, through Flyway.
     *
     * @throws SQLException as the server reported it
     */
    public void executeCopy(Connection connection, ScriptStatement statement) throws SQLException {
        SqlStatement copy = (SqlStatement) statement.flywayCopy();
        Results results = copy.execute(new JdbcTemplate(connection, Types.NULL), null, flyway());
        if (results.getException() != null) {
            throw results.getException();
        }
    }

    /** Statements PostgreSQL refuses in a transaction block that Flyway's parser does not flag. */
    static boolean needsOwnTransaction(String sql) {
        String body = LEADING_COMMENTS.matcher(sql).replaceFirst("");
        return REINDEX_NON_TX.matcher(body).matches()
                || SUBSCRIPTION.matcher(body).matches();
    }

    /** The Flyway version found on the classpath, or "unknown". */
    public static String flywayOnClasspath() {
        return pomVersion(FluentConfiguration.class, "flyway-core");
    }

    private static String builtWithFlyway() {
        try (InputStream in = FlywayScripts.class.getResourceAsStream("/io/lucidity/migrator/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("flyway.version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String pomVersion(Class<?> type, String artifact) {
        String path = "/META-INF/maven/org.flywaydb/" + artifact + "/pom.properties";
        try (InputStream in = type.getResourceAsStream(path)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException | LinkageError e) {
            return "unknown";
        }
        Package pkg = type.getPackage();
        return pkg != null && pkg.getImplementationVersion() != null ? pkg.getImplementationVersion() : "unknown";
    }

    /** The diagnostic for a Flyway on the classpath that lacks what Migrator uses. */
    public static MigratorException incompatible(Throwable e) {
        String found;
        try {
            found = flywayOnClasspath();
        } catch (LinkageError ignored) {
            found = "unknown";
        }
        return MigratorException.of(
                DiagnosticCode.FLYWAY_INCOMPATIBLE,
                "The Flyway Core on the classpath (" + found
                        + ") is not compatible with Migrator, which is built with Flyway " + BUILT_WITH + ".",
                Facts.of("Flyway on classpath", found)
                        .and("Migrator built with", BUILT_WITH)
                        .and("missing", e.toString())
                        .map(),
                "Use Flyway " + BUILT_WITH + " (10.0 or newer works): in Spring Boot set the Maven property "
                        + "<flyway.version>" + BUILT_WITH
                        + "</flyway.version> (Gradle: ext['flyway.version']); in Quarkus add "
                        + "org.flywaydb:flyway-core:" + BUILT_WITH
                        + " and flyway-database-postgresql to dependencyManagement.",
                e);
    }

    /** Per-script configuration read from a {@code .conf} file. */
    public record ScriptConfig(Boolean executeInTransaction, String encoding, Boolean placeholderReplacement) {}

    /** A script held in memory, as Flyway's parser wants it. */
    static final class ScriptResource extends LoadableResource {
        private final String name;
        private final String content;

        ScriptResource(String name, String content) {
            this.name = name;
            this.content = content;
        }

        @Override
        public Reader read() {
            return new StringReader(content);
        }

        @Override
        public String getAbsolutePath() {
            return name;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return name;
        }

        @Override
        public String getFilename() {
            int slash = name.lastIndexOf('/');
            return slash < 0 ? name : name.substring(slash + 1);
        }

        @Override
        public String getRelativePath() {
            return name;
        }
    }
}
