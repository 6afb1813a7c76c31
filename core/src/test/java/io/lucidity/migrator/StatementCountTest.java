package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What Migrator sends to the server, counted through a DataSource that records every statement executed on its
 * connections (one JDBC execution is one round trip: the session's hardening and the bookkeeping inspection that
 * follows it in the same round trip count once): a constant few at head, and few around the migrations when there is
 * work.
 */
class StatementCountTest {
    private final TestDb db = new TestDb();
    private final MigrationFiles dir = new MigrationFiles();

    @AfterEach
    void cleanUp() {
        db.close();
        dir.close();
    }

    @Test
    void atHeadTheUpgradeSendsThreeStatements() throws Exception {
        establish();
        List<String> sent = upgradeCounting();
        assertThat(sent).as(String.join("\n", sent)).hasSize(3);
    }

    @Test
    void oneNewMigrationOnAnEstablishedDatabaseCostsFewStatementsAroundIt() throws Exception {
        establish();
        dir.migration("V2__second.sql", "CREATE TABLE second_marker (id int);");
        List<String> sent = upgradeCounting();
        int first = indexOf(sent, "second_marker");
        assertThat(first).as(String.join("\n", sent)).isNotNegative().isLessThanOrEqualTo(10);
        assertThat(sent).as(String.join("\n", sent)).hasSizeLessThanOrEqualTo(24);
        assertThat(db.exists("second_marker")).isTrue();
    }

    /** V1 and one seed applied: the database as a running application leaves it. */
    private void establish() {
        dir.migration("V1__first.sql", "CREATE TABLE first_marker (id int);");
        dir.seed("01_rows.sql", "INSERT INTO first_marker VALUES (1) ON CONFLICT DO NOTHING;");
        try (Migrator migrator = configure(db.dataSource()).load()) {
            migrator.upgradeToHead();
        }
    }

    private List<String> upgradeCounting() {
        List<String> sent = Collections.synchronizedList(new ArrayList<>());
        try (Migrator migrator = configure(recording(db.dataSource(), sent)).load()) {
            migrator.upgradeToHead();
        }
        return List.copyOf(sent);
    }

    private MigratorConfig.Builder configure(DataSource dataSource) {
        return TestDb.extensions(Migrator.configure()
                .dataSource(dataSource)
                .locations(dir.locations())
                .seedLocations(dir.seeds()));
    }

    /** The position (0-based: the number of statements before it) of the first statement containing {@code text}. */
    private static int indexOf(List<String> sent, String text) {
        for (int i = 0; i < sent.size(); i++) {
            if (sent.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code target}, recording into {@code sent} the text of every statement executed on its connections. */
    private static DataSource recording(DataSource target, List<String> sent) {
        return (DataSource) Proxy.newProxyInstance(
                StatementCountTest.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = call(target, method, args);
                    return method.getName().equals("getConnection")
                            ? wrap(Connection.class, result, null, sent)
                            : result;
                });
    }

    private static Object wrap(Class<?> type, Object delegate, String prepared, List<String> sent) {
        return Proxy.newProxyInstance(StatementCountTest.class.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            if (m.getName().startsWith("execute")) {
                sent.add(a != null && a.length > 0 && a[0] instanceof String sql ? sql : String.valueOf(prepared));
            }
            Object r = call(delegate, m, a);
            if (r instanceof PreparedStatement) {
                return wrap(PreparedStatement.class, r, (String) a[0], sent);
            }
            if (r instanceof Statement) {
                return wrap(Statement.class, r, null, sent);
            }
            return r;
        });
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
