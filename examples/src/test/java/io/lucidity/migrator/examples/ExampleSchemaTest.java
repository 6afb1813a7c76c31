package io.lucidity.migrator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.ExtensionResult;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.SeedResult;
import io.lucidity.migrator.UpgradeReport;
import io.lucidity.migrator.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class ExampleSchemaTest {
    private final EmbeddedPostgres pg = EmbeddedPostgres.shared();

    @Test
    void upgradesAnEmptyDatabaseToHeadWithSeedsAndTheConcurrentHnswIndex() throws SQLException {
        String db = pg.createDatabase();
        DataSource ds = pg.dataSource(db);
        try (Migrator migrator = Migrator.configure().dataSource(ds).load()) {
            UpgradeReport report = migrator.upgradeToHead();

            assertThat(report.fromRevision()).isEqualTo("base");
            assertThat(report.toRevision()).isEqualTo("7");
            assertThat(report.upToDate()).isFalse();
            assertThat(report.extensions())
                    .extracting(ExtensionResult::name, ExtensionResult::action)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("vector", ExtensionResult.Action.CREATED));
            assertThat(report.migrations()).hasSize(7);
            assertThat(report.migrations().get(5).transactional())
                    .as("V6 builds its index CONCURRENTLY")
                    .isFalse();
            assertThat(report.seeds()).extracting(SeedResult::outcome).containsOnly(SeedResult.Outcome.APPLIED);

            try (Connection c = ds.getConnection()) {
                assertThat(strings(c, "SELECT email || ':' || role FROM users"))
                        .containsExactly("admin@example.com:admin");
                assertThat(strings(c, "SELECT key FROM system_config ORDER BY key"))
                        .contains("embedding.dimensions", "embedding.model");
                assertThat(strings(c, "SELECT value::text FROM system_config WHERE key = 'embedding.dimensions'"))
                        .containsExactly("384");
                assertThat(strings(c, "SELECT count(*)::text FROM pipeline_stages"))
                        .containsExactly("6");
                assertThat(strings(
                                c,
                                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                                        + "WHERE attrelid = 'document_chunks'::regclass AND attname = 'embedding'"))
                        .containsExactly("vector(384)");
                assertThat(
                                strings(
                                        c,
                                        "SELECT am.amname || ':' || i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                                                + "JOIN pg_am am ON am.oid = c.relam WHERE c.relname = 'document_chunks_embedding_hnsw'"))
                        .containsExactly("hnsw:true");
            }

            UpgradeReport again = migrator.upgradeToHead();
            assertThat(again.upToDate()).isTrue();
            assertThat(again.toRevision()).isEqualTo("7");
        } finally {
            pg.dropDatabase(db);
        }
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
