package io.lucidity.migrator.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A synthetic migration set, written once and read by every tool: odd versions create a table with an index and
 * two rows, even versions add a column with an index to the table before (the shape of issue 7's figures).
 *
 * <ul>
 *   <li>{@code sql/V<n>__step_<n>.sql} — Migrator's and Flyway's location;</li>
 *   <li>{@code changelog.xml} — Liquibase: one changeSet per file, each an {@code <sqlFile>} of the same file;</li>
 *   <li>{@code all.sql} — the files concatenated, for {@code psql --single-transaction}.</li>
 * </ul>
 *
 * @param root  the directory holding the three
 * @param count the number of migrations
 */
public record GeneratedSet(Path root, int count) {

    /** Flyway / Migrator location. */
    public Path sqlDir() {
        return root.resolve("sql");
    }

    /** Liquibase master changelog. */
    public Path changelog() {
        return root.resolve("changelog.xml");
    }

    /** All files concatenated, for psql. */
    public Path allSql() {
        return root.resolve("all.sql");
    }

    /** {@code filesystem:<sqlDir>}. */
    public String location() {
        return "filesystem:" + sqlDir();
    }

    /** The SQL of migration {@code v}. */
    public static String migration(int v) {
        if (v % 2 == 1) {
            String t = table(v);
            return "CREATE TABLE " + t + " (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL, "
                    + "created_at TIMESTAMPTZ NOT NULL DEFAULT now());\n"
                    + "CREATE INDEX " + t + "_name_idx ON " + t + " (name);\n"
                    + "INSERT INTO " + t + " (name) VALUES ('first'), ('second');\n";
        }
        String t = table(v - 1);
        return "ALTER TABLE " + t + " ADD COLUMN extra INT NOT NULL DEFAULT 0;\n" + "CREATE INDEX " + t
                + "_extra_idx ON " + t + " (extra);\n";
    }

    /** The table created by odd version {@code v}. */
    public static String table(int v) {
        return String.format(Locale.ROOT, "t_%05d", v);
    }

    /** Writes {@code count} migrations under {@code root} (created). */
    public static GeneratedSet write(Path root, int count) throws IOException {
        GeneratedSet set = new GeneratedSet(root, count);
        Files.createDirectories(set.sqlDir());
        try (Writer all = Files.newBufferedWriter(set.allSql());
                Writer changelog = Files.newBufferedWriter(set.changelog())) {
            changelog.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\"\n"
                    + "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                    + "    xsi:schemaLocation=\"http://www.liquibase.org/xml/ns/dbchangelog "
                    + "http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd\">\n");
            for (int v = 1; v <= count; v++) {
                String name = fileName(v);
                String sql = migration(v);
                Files.writeString(set.sqlDir().resolve(name), sql);
                all.write(sql);
                changelog.write("  <changeSet id=\"" + v + "\" author=\"bench\">\n"
                        + "    <sqlFile path=\"sql/" + name
                        + "\" relativeToChangelogFile=\"true\" splitStatements=\"true\"/>\n"
                        + "  </changeSet>\n");
            }
            changelog.write("</databaseChangeLog>\n");
        }
        return set;
    }

    /** {@code V<v>__step_<v>.sql}. */
    public static String fileName(int v) {
        return String.format(Locale.ROOT, "V%d__step_%05d.sql", v, v);
    }
}
