package io.lucidity.migrator;

import io.lucidity.migrator.testsupport.TestServer;
import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.support.TestDb;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
            .migration("V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);")
            .seed("01_customer.sql", "INSERT INTO customers VALUES (1, 'first') ON CONFLICT DO NOTHING;");

    @AfterEach
    void cleanUp() {
        db.close();
        dir.close();
    }

    @Test
    void aMigratorWithAUrlUpgradesWithoutHikariOnTheClasspath() throws Exception {
        List<String> classpath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        List<String> withoutHikari = classpath.stream().filter(entry -> !entry.contains("HikariCP")).toList();
        assertThat(withoutHikari).as("the test classpath holds HikariCP, to leave out").hasSizeLessThan(classpath.size());

        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", String.join(File.pathSeparator, withoutHikari),
                Child.class.getName(), db.url(), TestServer.shared().user(), dir.locations(), dir.seeds())
                .redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("MIGRATOR_") || k.startsWith("PG"));
        pb.environment().put("MIGRATOR_PASSWORD", TestServer.shared().password());
        Process jvm = pb.start();
        String out = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(out).as(out).contains("HikariCP loadable: false", "first upgrade at revision 2", "second upgrade at revision 2",
                "at head: true").doesNotContain("Exception", "NoClassDefFoundError");
        assertThat(jvm.exitValue()).as(out).isZero();
        assertThat(db.column("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                .containsExactly("1", "2");
        assertThat(db.column("SELECT name FROM customers")).containsExactly("first");
    }

    /** The application: upgrades twice and asks the status (connections beyond the first), all through the URL. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            System.out.println("HikariCP loadable: " + loadable("com.zaxxer.hikari.HikariDataSource"));
            try (Migrator migrator = Migrator.configure().url(args[0]).user(args[1]).password(System.getenv("MIGRATOR_PASSWORD"))
                    .locations(args[2]).seedLocations(args[3]).extensions().load()) {
                System.out.println("first upgrade at revision " + migrator.upgradeToHead().toRevision());
                System.out.println("second upgrade at revision " + migrator.upgradeToHead().toRevision());
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
