package io.lucidity.migrator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The generated sets every tool reads are the same change: no database, no timing. */
class GeneratedSetTest {

    @Test
    void everyToolReadsTheSameFiles(@TempDir Path dir) throws Exception {
        GeneratedSet set = GeneratedSet.write(dir, 20);

        List<String> files;
        try (var listing = Files.list(set.sqlDir())) {
            files = listing.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(files).hasSize(20).allMatch(name -> name.matches("V\\d+__step_\\d{5}\\.sql"));

        StringBuilder concatenated = new StringBuilder();
        for (int v = 1; v <= 20; v++) {
            concatenated.append(Files.readString(set.sqlDir().resolve(GeneratedSet.fileName(v))));
        }
        assertThat(Files.readString(set.allSql())).isEqualTo(concatenated.toString());

        Document changelog = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(set.changelog().toFile());
        assertThat(changelog.getElementsByTagName("changeSet").getLength()).isEqualTo(20);
        assertThat(changelog
                        .getElementsByTagName("sqlFile")
                        .item(19)
                        .getAttributes()
                        .getNamedItem("path")
                        .getNodeValue())
                .isEqualTo("sql/" + GeneratedSet.fileName(20));
    }

    @Test
    void oddVersionsCreateATableEvenVersionsAlterIt() {
        assertThat(GeneratedSet.migration(1))
                .startsWith("CREATE TABLE t_00001 ")
                .contains("INSERT INTO t_00001");
        assertThat(GeneratedSet.migration(2))
                .startsWith("ALTER TABLE t_00001 ")
                .contains("CREATE INDEX t_00001_extra_idx");
    }

    @Test
    void seedRowsAreTheSameForEveryTool(@TempDir Path dir) throws Exception {
        Workload w = SeedSet.write(dir, 2500);
        String json = Files.readString(w.seeds().resolve("01_items.json"));
        assertThat(json.split("\"code\": ").length - 1).isEqualTo(2500);
        assertThat(Files.readAllLines(w.liquibaseChangelog().resolveSibling("items.csv")))
                .hasSize(2501);
        String inserts = Files.readString(w.flywayMigrations().resolve("V2__seed_rows.sql"));
        assertThat(inserts.split("INSERT INTO").length - 1).isEqualTo(3);
        assertThat(inserts.trim()).endsWith("true);");
    }
}
