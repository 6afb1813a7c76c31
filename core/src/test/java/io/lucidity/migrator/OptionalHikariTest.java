package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.ChildJvm;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.io.File;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HikariCP is an optional dependency of migrator-core: an application without it (Quarkus with Agroal, say) that gives
 * Migrator a URL still upgrades, each connection opened directly. Run in a JVM whose classpath leaves HikariCP out.
 */
class OptionalHikariTest {
    private final TestDb db = new TestDb();
    private final MigrationFiles dir = new MigrationFiles()
            .migration("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);")
            .migration(
                    "V2__orders.sql",
                    "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);")
            .seed("01_customer.sql", "INSERT INTO customers VALUES (1, 'first') ON CONFLICT DO NOTHING;");

    @AfterEach
    void cleanUp() {
        db.close();
        dir.close();
    }

    @Test
    void aMigratorWithAUrlUpgradesWithoutHikariOnTheClasspath() throws Exception {
        List<String> classpath =
                Arrays.asList(ChildJvm.testClassPath(entry -> false).split(File.pathSeparator));
        String withoutHikari = ChildJvm.testClassPath(entry -> entry.contains("HikariCP"));
        assertThat(withoutHikari.split(File.pathSeparator))
                .as("the test classpath holds HikariCP, to leave out")
                .hasSizeLessThan(classpath.size());

        ChildJvm.Finished jvm = ChildJvm.of(Child.class)
                .classPath(withoutHikari)
                .args(db.url(), db.user(), dir.locations(), dir.seeds())
                .env("MIGRATOR_PASSWORD", db.password())
                .mergeOutput()
                .run(Duration.ofSeconds(60));
        String out = jvm.stdout();

        assertThat(out)
                .as(out)
                .contains(
                        "HikariCP loadable: false",
                        "first upgrade at revision 2",
                        "second upgrade at revision 2",
                        "at head: true")
                .doesNotContain("Exception", "NoClassDefFoundError");
        assertThat(jvm.exitCode()).as(out).isZero();
        assertThat(db.column("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                .containsExactly("1", "2");
        assertThat(db.column("SELECT name FROM customers")).containsExactly("first");
    }

    /** The application: upgrades twice and asks the status (connections beyond the first), all through the URL. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            System.out.println("HikariCP loadable: " + loadable("com.zaxxer.hikari.HikariDataSource"));
            try (Migrator migrator = Migrator.configure()
                    .url(args[0])
                    .user(args[1])
                    .password(System.getenv("MIGRATOR_PASSWORD"))
                    .locations(args[2])
                    .seedLocations(args[3])
                    .extensions()
                    .load()) {
                System.out.println(
                        "first upgrade at revision " + migrator.upgradeToHead().toRevision());
                System.out.println(
                        "second upgrade at revision " + migrator.upgradeToHead().toRevision());
                System.out.println("at head: " + migrator.status().atHead());
            }
        }

        private static boolean loadable(String className) {
            try {
                Class.forName(className);
                return true;
            } catch (ClassNotFoundException e) {
                return false;
            }
        }
    }
}
