package io.lucidity.migrator.testing.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A synthetic migration set: odd versions create a table with an index and two rows, even versions add a column
 * with an index to the table before.
 */
public final class GeneratedMigrations {
    private GeneratedMigrations() {}

    /** Writes {@code count} migrations {@code V1__...} to {@code V<count>__...} into {@code dir}. */
    public static void write(Path dir, int count) throws IOException {
        for (int v = 1; v <= count; v++) {
            String sql;
            if (v % 2 == 1) {
                String t = String.format(Locale.ROOT, "t_%04d", v);
                sql = "CREATE TABLE " + t + " (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL, "
                        + "created_at TIMESTAMPTZ NOT NULL DEFAULT now());\n"
                        + "CREATE INDEX " + t + "_name_idx ON " + t + " (name);\n"
                        + "INSERT INTO " + t + " (name) VALUES ('first'), ('second');\n";
            } else {
                String t = String.format(Locale.ROOT, "t_%04d", v - 1);
                sql = "ALTER TABLE " + t + " ADD COLUMN extra INT NOT NULL DEFAULT 0;\n" + "CREATE INDEX " + t
                        + "_extra_idx ON " + t + " (extra);\n";
            }
            Files.writeString(dir.resolve(String.format(Locale.ROOT, "V%d__step_%04d.sql", v, v)), sql);
        }
    }
}
