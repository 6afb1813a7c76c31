package io.lucidity.migrator.testing;

import io.lucidity.migrator.Migrator;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The test's database: its name, URL and credentials, connections, and a {@link Migrator} configured like the
 * template it was cloned from. Thread-safe. The fixture drops the database after the test (or the class); do not
 * close or drop it yourself.
 *
 * <p>A data-migration test starts at a version and moves on:
 * <pre>{@code
 * @MigratedDatabase(revision = "3")
 * class BackfillTest {
 *     @Test
 *     void v4BackfillsTheSlug(MigratedDb db) {
 *         db.execute("INSERT INTO articles (title) VALUES (?)", "Hello World");
 *         db.migrateTo("4");
 *         assertThat(db.query("SELECT slug FROM articles")).containsExactly(Map.of("slug", "hello-world"));
 *     }
 * }
 * }</pre>
 */
public interface MigratedDb {

    /** The database's name, unique on the server (e.g. {@code migt_3f2a1c_4242_t5x9k2_1a}). */
    String name();

    /** The JDBC URL of this database, without credentials. */
    String jdbcUrl();

    /** The user of every connection. */
    String user();

    /** The password of {@link #user()}; never logged. */
    String password();

    /**
     * A DataSource for this database, at most {@link MigratedDatabase#maxConnections()} connections at once. Pooled
     * unless {@link MigratedDatabase#pooled()} is false: a closed connection is rolled back and kept for the next
     * {@code getConnection()}. Connections left open, and the kept ones, are closed after the test.
     */
    DataSource dataSource();

    /** A connection from {@link #dataSource()}; close it, or the fixture closes it after the test. */
    Connection connection();

    /**
     * A Migrator for this database with the fixture's locations, seeds, extensions, schema and placeholders;
     * the fixture closes it.
     */
    Migrator migrator();

    /**
     * Moves this database to {@code revision} ({@code head}, {@code base} or a version): upgrades when it is newer
     * than the current revision, runs the undo scripts when it is older. Seeds run only when it reaches head.
     *
     * @return the revision reached
     * @throws io.lucidity.migrator.MigratorException with the diagnostic of a failed migration or undo script
     */
    String migrateTo(String revision);

    /** The current revision: the highest applied version, or {@code base}. */
    String currentRevision();

    /**
     * Runs one SQL statement with {@code ?} parameters.
     *
     * @return the update count (0 for statements that return none)
     * @throws FixtureException naming the statement and the SQLState when it fails
     */
    int execute(String sql, Object... parameters);

    /**
     * Runs a query with {@code ?} parameters.
     *
     * @return each row as a map from column label to value, in column order
     * @throws FixtureException naming the statement and the SQLState when it fails
     */
    List<Map<String, Object>> query(String sql, Object... parameters);

    /** The schema as the catalog describes it now; compare two with {@link SchemaSnapshot#diff}. */
    SchemaSnapshot schema();
}
