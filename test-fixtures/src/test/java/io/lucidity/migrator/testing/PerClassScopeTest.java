package io.lucidity.migrator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.testing.MigratedDatabase.Scope;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One database for the whole class, registered programmatically; @BeforeAll methods receive it too. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerClassScopeTest {
    @RegisterExtension
    static final MigratedDatabaseExtension DATABASE =
            MigratedDatabaseExtension.builder().scope(Scope.PER_CLASS).build();

    private static String nameInBeforeAll;

    @BeforeAll
    static void receivesTheClassDatabase(MigratedDb db, DataSource dataSource) {
        nameInBeforeAll = db.name();
        assertThat(dataSource).isSameAs(db.dataSource());
        db.execute("INSERT INTO users (email, password_hash) VALUES ('from-before-all@example.com', 'x')");
    }

    @Test
    @Order(1)
    void firstTestSeesWhatBeforeAllWrote(MigratedDb db) {
        assertThat(db.name()).isEqualTo(nameInBeforeAll);
        assertThat(db.query("SELECT count(*) AS n FROM users").get(0).get("n")).isEqualTo(2L);
        db.execute("INSERT INTO users (email, password_hash) VALUES ('from-test-1@example.com', 'x')");
    }

    @Test
    @Order(2)
    void laterTestsShareTheSameDatabase(MigratedDb db) {
        assertThat(db.name()).isEqualTo(nameInBeforeAll);
        assertThat(db.query("SELECT count(*) AS n FROM users").get(0).get("n")).isEqualTo(3L);
    }
}
