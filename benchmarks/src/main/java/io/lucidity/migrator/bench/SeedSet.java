package io.lucidity.migrator.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code rows} reference rows, as each tool loads them: a declarative JSON seed for Migrator
 * ({@code insert-missing} on key {@code code}), Liquibase's {@code loadData} of a CSV, a Flyway SQL migration of
 * multi-row INSERTs (1,000 rows each), and psql's {@code \copy} of the CSV.
 */
final class SeedSet {
    static final String TABLE_SQL = "CREATE TABLE seed_items (id BIGINT PRIMARY KEY, code TEXT NOT NULL UNIQUE, "
            + "name TEXT NOT NULL, score INT NOT NULL, active BOOLEAN NOT NULL);\n";

    private SeedSet() {}

    static Workload write(Path root, int rows) throws IOException {
        Path migratorSql = Files.createDirectories(root.resolve("migrator/sql"));
        Path migratorSeed = Files.createDirectories(root.resolve("migrator/seed"));
        Path flyway = Files.createDirectories(root.resolve("flyway"));
        Path liquibase = Files.createDirectories(root.resolve("liquibase"));
        Files.writeString(migratorSql.resolve("V1__seed_table.sql"), TABLE_SQL);
        Files.writeString(flyway.resolve("V1__seed_table.sql"), TABLE_SQL);
        Files.writeString(liquibase.resolve("table.sql"), TABLE_SQL);
        try (Writer json = Files.newBufferedWriter(migratorSeed.resolve("01_items.json"));
                Writer csv = Files.newBufferedWriter(liquibase.resolve("items.csv"));
                Writer sql = Files.newBufferedWriter(flyway.resolve("V2__seed_rows.sql"))) {
            json.write("{\"table\": \"seed_items\", \"key\": [\"code\"], \"mode\": \"insert-missing\", \"rows\": [\n");
            csv.write("id,code,name,score,active\n");
            for (int i = 1; i <= rows; i++) {
                String code = "item-" + i;
                String name = "Reference item number " + i;
                int score = (i * 37) % 1000;
                boolean active = i % 3 != 0;
                json.write((i > 1 ? ",\n" : "") + "{\"id\": " + i + ", \"code\": \"" + code + "\", \"name\": \"" + name
                        + "\", \"score\": " + score + ", \"active\": " + active + "}");
                csv.write(i + "," + code + "," + name + "," + score + "," + active + "\n");
                if ((i - 1) % 1000 == 0) {
                    sql.write("INSERT INTO seed_items (id, code, name, score, active) VALUES\n");
                }
                sql.write("(" + i + ", '" + code + "', '" + name + "', " + score + ", " + active + ")"
                        + (i % 1000 == 0 || i == rows ? ";\n" : ",\n"));
            }
            json.write("\n]}\n");
        }
        Files.writeString(liquibase.resolve("changelog.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
                  <changeSet id="1" author="bench">
                    <sqlFile path="table.sql" relativeToChangelogFile="true"/>
                  </changeSet>
                  <changeSet id="2" author="bench">
                    <loadData tableName="seed_items" file="items.csv" relativeToChangelogFile="true">
                      <column name="id" type="NUMERIC"/>
                      <column name="code" type="STRING"/>
                      <column name="name" type="STRING"/>
                      <column name="score" type="NUMERIC"/>
                      <column name="active" type="BOOLEAN"/>
                    </loadData>
                  </changeSet>
                </databaseChangeLog>
                """);
        Path psql = root.resolve("psql.sql");
        Files.writeString(
                psql,
                TABLE_SQL + "\\copy seed_items FROM '" + liquibase.resolve("items.csv")
                        + "' WITH (FORMAT csv, HEADER true)\n");
        return new Workload(
                rows + " seed rows", migratorSql, migratorSeed, flyway, liquibase.resolve("changelog.xml"), psql);
    }
}
