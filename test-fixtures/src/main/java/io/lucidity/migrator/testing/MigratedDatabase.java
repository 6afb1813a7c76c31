package io.lucidity.migrator.testing;

import io.lucidity.migrator.MigratorOption;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test of the annotated class a fresh PostgreSQL database that is already migrated and seeded,
 * cloned in milliseconds from a template built once per distinct set of migrations, seeds and settings.
 *
 * <pre>{@code
 * @MigratedDatabase(locations = "classpath:db/migration", seeds = "classpath:db/seed")
 * class UserRepositoryTest {
 *     @Test
 *     void findsTheSeededAdmin(DataSource dataSource) { ... }
 * }
 * }</pre>
 *
 * <p>Tests receive the database as parameters or non-final instance fields of type {@link javax.sql.DataSource}
 * (pooled unless {@link #pooled()} is false), {@link java.sql.Connection} (opened for the test, closed after it), {@link MigratedDb}, or a {@code String}
 * annotated with {@link JdbcUrl}. The server comes from {@code MIGRATOR_TEST_PROVIDER}: {@code external}
 * ({@code MIGRATOR_TEST_JDBC_URL}), {@code docker} or {@code local}, detected in that order when unset.
 *
 * <p>For settings the annotation cannot express, register {@link MigratedDatabaseExtension} with
 * {@code @RegisterExtension} instead; use one or the other on a class, not both.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MigratedDatabaseExtension.class)
public @interface MigratedDatabase {

    /** Migration locations, {@code classpath:} or {@code filesystem:}. Default: {@code classpath:db/migration}. */
    String[] locations() default {MigratorOption.Defaults.LOCATIONS};

    /** Seed locations, {@code classpath:} or {@code filesystem:}; empty disables seeds. Default: {@code classpath:db/seed}. */
    String[] seeds() default {MigratorOption.Defaults.SEEDS};

    /** Extensions ensured before the migrations, e.g. {@code "vector>=0.5.0"}; empty for none. Default: {@code vector}. */
    String[] extensions() default {MigratorOption.Defaults.EXTENSIONS};

    /** Schema of the history tables, first on the search path while migrating. Default: {@code public}. */
    String schema() default MigratorOption.Defaults.SCHEMA;

    /**
     * The revision each database starts at: {@code head}, {@code base} or a version such as {@code "3"}; seeds
     * run only at head. Use a version to test a data migration with {@link MigratedDb#migrateTo(String)}.
     * Default: {@code head}.
     */
    String revision() default "head";

    /** Flyway placeholders as {@code name=value}, replacing {@code ${name}} in migrations. Default: none. */
    String[] placeholders() default {};

    /** Whether each test method gets its own database or the class shares one. Default: {@link Scope#PER_METHOD}. */
    Scope scope() default Scope.PER_METHOD;

    /**
     * Keep the database of a failed test (instead of dropping it) and log its JDBC URL; also switched on for every
     * class by {@code MIGRATOR_TEST_KEEP_ON_FAILURE=true}. Default: false.
     */
    boolean keepOnFailure() default false;

    /** Most connections a test may hold open at once on its database; more wait, then fail. Default: 20. */
    int maxConnections() default 20;

    /**
     * Whether the test's {@link javax.sql.DataSource} keeps closed connections for the next
     * {@code getConnection()}, like the pool of an application; false opens and closes a real connection (a login)
     * each time. Default: true.
     */
    boolean pooled() default true;

    /** How long a database lives. */
    enum Scope {
        /** Each test method gets its own fresh database (the default). */
        PER_METHOD,
        /** All tests of the class share one database, created before the first and dropped after the last. */
        PER_CLASS
    }
}
