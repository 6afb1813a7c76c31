package io.lucidity.migrator.testing;

import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorOption;
import io.lucidity.migrator.testing.MigratedDatabase.Scope;
import io.lucidity.migrator.testing.internal.Env;
import io.lucidity.migrator.testing.internal.FixtureOptions;
import io.lucidity.migrator.testing.internal.Fixtures;
import io.lucidity.migrator.testing.internal.Template;
import io.lucidity.migrator.testing.internal.TestDatabase;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link MigratedDatabase}; register it yourself for settings the annotation
 * cannot express:
 *
 * <pre>{@code
 * @RegisterExtension
 * static MigratedDatabaseExtension db = MigratedDatabaseExtension.builder()
 *         .locations("classpath:db/migration")
 *         .seeds("classpath:db/seed")
 *         .configure(migrator -> migrator.seedVariable("ADMIN_EMAIL", "test@example.com"))
 *         .build();
 * }</pre>
 *
 * <p>Before all tests of a class it finds or builds the template (once per distinct content in the JVM, and once
 * across JVMs sharing a server); before each test it hands out a fresh copy ({@link Scope#PER_METHOD}) or the
 * class's copy ({@link Scope#PER_CLASS}); after it, it closes the connections the test left open and drops the
 * database, or keeps it when the test failed and {@code keepOnFailure} is set. Register it in a {@code static}
 * field: an instance field works for {@link Scope#PER_METHOD} only. Uses only JUnit Jupiter's stable extension
 * API, so it runs on JUnit 5 and 6 alike.
 */
public final class MigratedDatabaseExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final String CLASS_STATE = "class";
    private static final String METHOD_STATE = "method";
    /** The report entry (in the test report, e.g. Surefire's XML) naming a database kept for a failed test. */
    private static final String KEPT_ENTRY = "migrator.keptDatabase";

    private final FixtureOptions explicit;

    /** Used by {@link MigratedDatabase}: the settings come from the annotation on the test class. */
    public MigratedDatabaseExtension() {
        this(null);
    }

    /** The options of the programmatic form, or null for the annotation's (read per class). */
    FixtureOptions explicitOptions() {
        return explicit;
    }

    private MigratedDatabaseExtension(FixtureOptions explicit) {
        this.explicit = explicit;
    }

    /** A builder with the same defaults as {@link MigratedDatabase}. */
    public static Builder builder() {
        return new Builder();
    }

    // --- lifecycle --------------------------------------------------------------------------------------------

    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(namespace());
        if (store.get(CLASS_STATE, ClassState.class) != null) {
            return; // a @Nested class shares its enclosing class's state
        }
        ClassState state = prepare(context);
        store.put(CLASS_STATE, state);
        if (state.options.scope() == Scope.PER_CLASS) {
            state.classDb = state.fixtures.acquire(state.template, state.options);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ClassState state = classState(context);
        TestDatabase db;
        if (state.options.scope() == Scope.PER_CLASS) {
            if (state.classDb == null) {
                throw new ExtensionConfigurationException("scope = PER_CLASS needs the extension in a static "
                        + "field: declare `@RegisterExtension static MigratedDatabaseExtension ...` in "
                        + context.getRequiredTestClass().getName() + ", or use scope = PER_METHOD.");
            }
            db = state.classDb;
        } else {
            db = state.fixtures.acquire(state.template, state.options);
        }
        MethodState method = new MethodState(db, state.options.scope() == Scope.PER_METHOD);
        context.getStore(namespace()).put(METHOD_STATE, method);
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            injectFields(instance, db, method.connections);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        MethodState method = context.getStore(namespace()).remove(METHOD_STATE, MethodState.class);
        if (method == null) {
            return;
        }
        closeAll(method.connections);
        boolean failed = context.getExecutionException().isPresent();
        ClassState state = classState(context);
        if (method.owned) {
            boolean keep = failed && state.keepOnFailure;
            state.fixtures.release(method.db, keep, testName(context));
            if (keep) {
                context.publishReportEntry(KEPT_ENTRY, method.db.jdbcUrl());
            }
        } else if (failed) {
            state.failed.set(true);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(namespace());
        ClassState state = store.get(CLASS_STATE, ClassState.class);
        if (state == null || !state.owner.equals(context.getUniqueId())) {
            return;
        }
        store.remove(CLASS_STATE);
        closeAll(state.classConnections);
        if (state.classDb != null) {
            boolean keep =
                    (state.failed.get() || context.getExecutionException().isPresent()) && state.keepOnFailure;
            state.fixtures.release(
                    state.classDb, keep, context.getRequiredTestClass().getName());
            if (keep) {
                context.publishReportEntry(KEPT_ENTRY, state.classDb.jdbcUrl());
            }
            state.classDb = null;
        }
    }

    // --- parameters and fields ---------------------------------------------------------------------------------

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == DataSource.class
                || type == Connection.class
                || type == MigratedDb.class
                || (type == String.class && parameter.isAnnotated(JdbcUrl.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getDeclaringExecutable() instanceof Constructor) {
            throw new ParameterResolutionException("The test database is created after the test instance: take "
                    + "it as a field or as a parameter of a test, @BeforeEach or @AfterEach method, not of the "
                    + "constructor of "
                    + parameter.getDeclaringExecutable().getDeclaringClass().getName() + ".");
        }
        Class<?> type = parameter.getParameter().getType();
        JdbcUrl url = parameter.findAnnotation(JdbcUrl.class).orElse(null);
        if (context.getTestMethod().isPresent()) {
            MethodState method = context.getStore(namespace()).get(METHOD_STATE, MethodState.class);
            if (method == null) {
                throw new ParameterResolutionException("No test database is active for " + context.getDisplayName()
                        + "; is MigratedDatabaseExtension registered twice?");
            }
            return value(type, url, method.db, method.connections);
        }
        ClassState state = classState(context);
        if (state.classDb == null) {
            throw new ParameterResolutionException("With scope = PER_METHOD each test gets its own database, so "
                    + "there is none yet in "
                    + parameter.getDeclaringExecutable().getName() + "(). Use "
                    + "@MigratedDatabase(scope = Scope.PER_CLASS) to share one database across the class.");
        }
        return value(type, url, state.classDb, state.classConnections);
    }

    private static Object value(Class<?> type, JdbcUrl url, TestDatabase db, List<Connection> connections) {
        if (type == DataSource.class) {
            return db.dataSource();
        }
        if (type == MigratedDb.class) {
            return db;
        }
        if (type == String.class) {
            return url != null && url.withCredentials() ? db.jdbcUrlWithCredentials() : db.jdbcUrl();
        }
        Connection connection = db.connection();
        connections.add(connection);
        return connection;
    }

    private static void injectFields(Object instance, TestDatabase db, List<Connection> connections) {
        for (Class<?> type = instance.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                JdbcUrl url = field.getAnnotation(JdbcUrl.class);
                Class<?> fieldType = field.getType();
                if (url != null && fieldType != String.class) {
                    throw new ExtensionConfigurationException("@JdbcUrl goes on a String field, not on "
                            + fieldType.getSimpleName() + " " + type.getName() + "." + field.getName());
                }
                boolean wanted = fieldType == DataSource.class
                        || fieldType == Connection.class
                        || fieldType == MigratedDb.class
                        || url != null;
                if (!wanted || Modifier.isStatic(modifiers) || Modifier.isFinal(modifiers)) {
                    continue;
                }
                try {
                    field.setAccessible(true);
                    field.set(instance, value(fieldType, url, db, connections));
                } catch (IllegalAccessException | RuntimeException e) {
                    throw new ExtensionConfigurationException(
                            "Could not set the field " + type.getName() + "." + field.getName()
                                    + " to the test database: " + e.getMessage(),
                            e);
                }
            }
        }
    }

    private static void closeAll(List<Connection> connections) {
        synchronized (connections) {
            for (Connection c : connections) {
                try {
                    c.close();
                } catch (SQLException e) {
                    // the database is dropped anyway
                }
            }
            connections.clear();
        }
    }

    // --- state -------------------------------------------------------------------------------------------------

    private ExtensionContext.Namespace namespace() {
        return ExtensionContext.Namespace.create(MigratedDatabaseExtension.class, this);
    }

    private ClassState classState(ExtensionContext context) {
        ClassState state = context.getStore(namespace()).get(CLASS_STATE, ClassState.class);
        if (state != null) {
            return state;
        }
        // Registered in an instance field: beforeAll never ran. Prepare once per class, at class level.
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent()
                && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        ExtensionContext.Store store = classContext.getStore(namespace());
        synchronized (this) {
            state = store.get(CLASS_STATE, ClassState.class);
            if (state == null) {
                state = prepare(classContext);
                store.put(CLASS_STATE, state);
            }
            return state;
        }
    }

    private ClassState prepare(ExtensionContext context) {
        FixtureOptions options = explicit != null ? explicit : annotationOptions(context.getRequiredTestClass());
        Fixtures fixtures = Fixtures.get();
        Template template = fixtures.template(options);
        if (options.scope() == Scope.PER_METHOD) {
            fixtures.warm(template);
        }
        boolean keep = options.keepOnFailure() || fixtures.env().flag(Env.KEEP_ON_FAILURE);
        return new ClassState(context.getUniqueId(), options, fixtures, template, keep);
    }

    private static FixtureOptions annotationOptions(Class<?> testClass) {
        for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
            refuseBoth(type);
            Optional<MigratedDatabase> annotation = AnnotationSupport.findAnnotation(type, MigratedDatabase.class);
            if (annotation.isPresent()) {
                return FixtureOptions.of(annotation.get());
            }
        }
        return FixtureOptions.of(Defaults.class.getAnnotation(MigratedDatabase.class));
    }

    private static void refuseBoth(Class<?> type) {
        if (!AnnotationSupport.isAnnotated(type, MigratedDatabase.class)) {
            return;
        }
        for (Field field : type.getDeclaredFields()) {
            if (field.getType() == MigratedDatabaseExtension.class
                    && field.isAnnotationPresent(RegisterExtension.class)) {
                throw new ExtensionConfigurationException(type.getName() + " has both @MigratedDatabase and "
                        + "@RegisterExtension MigratedDatabaseExtension " + field.getName() + ": keep one of them.");
            }
        }
    }

    private static String testName(ExtensionContext context) {
        String method = context.getTestMethod().map(m -> m.getName()).orElse("");
        String display = context.getDisplayName();
        String name = context.getRequiredTestClass().getName() + "#" + method;
        return display.equals(method + "()") || display.startsWith(method + "(") ? name : name + " [" + display + "]";
    }

    @MigratedDatabase
    private static final class Defaults {}

    private static final class ClassState {
        final String owner;
        final FixtureOptions options;
        final Fixtures fixtures;
        final Template template;
        final boolean keepOnFailure;
        final AtomicBoolean failed = new AtomicBoolean();
        final List<Connection> classConnections = Collections.synchronizedList(new ArrayList<>());
        volatile TestDatabase classDb;

        ClassState(String owner, FixtureOptions options, Fixtures fixtures, Template template, boolean keepOnFailure) {
            this.owner = owner;
            this.options = options;
            this.fixtures = fixtures;
            this.template = template;
            this.keepOnFailure = keepOnFailure;
        }
    }

    private static final class MethodState {
        final TestDatabase db;
        final boolean owned;
        final List<Connection> connections = Collections.synchronizedList(new ArrayList<>());

        MethodState(TestDatabase db, boolean owned) {
            this.db = db;
            this.owned = owned;
        }
    }

    // --- builder -----------------------------------------------------------------------------------------------

    /** Settings of a programmatically registered extension; defaults as on {@link MigratedDatabase}. */
    public static final class Builder {
        private List<String> locations = List.of(MigratorOption.Defaults.LOCATIONS);
        private List<String> seeds = List.of(MigratorOption.Defaults.SEEDS);
        private List<String> extensions = List.of(MigratorOption.Defaults.EXTENSIONS);
        private String schema = MigratorOption.Defaults.SCHEMA;
        private String revision = "head";
        private final Map<String, String> placeholders = new TreeMap<>();
        private Scope scope = Scope.PER_METHOD;
        private boolean keepOnFailure;
        private int maxConnections = 20;
        private boolean pooled = true;
        private Consumer<MigratorConfig.Builder> customizer;

        private Builder() {}

        /** Migration locations, {@code classpath:} or {@code filesystem:}. Default: {@code classpath:db/migration}. */
        public Builder locations(String... locations) {
            this.locations = List.of(locations);
            return this;
        }

        /** Seed locations; none disables seeds. Default: {@code classpath:db/seed}. */
        public Builder seeds(String... seeds) {
            this.seeds = List.of(seeds);
            return this;
        }

        /** Extensions ensured before the migrations, e.g. {@code vector>=0.5.0}; none for none. Default: {@code vector}. */
        public Builder extensions(String... extensions) {
            this.extensions = List.of(extensions);
            return this;
        }

        /** Schema of the history tables, first on the search path while migrating. Default: {@code public}. */
        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        /** The revision each database starts at ({@code head}, {@code base} or a version). Default: {@code head}. */
        public Builder revision(String revision) {
            this.revision = revision;
            return this;
        }

        /** Adds a Flyway placeholder replacing {@code ${name}} in migrations. Default: none. */
        public Builder placeholder(String name, String value) {
            this.placeholders.put(name, value);
            return this;
        }

        /** Whether each test gets its own database or the class shares one. Default: {@link Scope#PER_METHOD}. */
        public Builder scope(Scope scope) {
            this.scope = scope;
            return this;
        }

        /** Keep the database of a failed test and log its URL. Default: false. */
        public Builder keepOnFailure(boolean keepOnFailure) {
            this.keepOnFailure = keepOnFailure;
            return this;
        }

        /** Most connections a test may hold open at once on its database. Default: 20. */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * Whether the test's DataSource keeps closed connections for the next {@code getConnection()}; false opens a
         * real connection (a login) each time. Default: true.
         */
        public Builder pooled(boolean pooled) {
            this.pooled = pooled;
            return this;
        }

        /**
         * Further Migrator settings (seed variables, table name, ...), applied after the ones above. Whatever shapes
         * the database is part of the template's key through Migrator's fingerprint. Default: none.
         */
        public Builder configure(Consumer<MigratorConfig.Builder> customizer) {
            this.customizer = customizer;
            return this;
        }

        /** The extension to register with {@code @RegisterExtension}. */
        public MigratedDatabaseExtension build() {
            return new MigratedDatabaseExtension(new FixtureOptions(
                    locations,
                    seeds,
                    extensions,
                    schema,
                    revision,
                    placeholders,
                    scope,
                    keepOnFailure,
                    maxConnections,
                    pooled,
                    customizer));
        }
    }
}
