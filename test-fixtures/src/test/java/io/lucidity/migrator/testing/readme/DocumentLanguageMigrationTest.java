package io.lucidity.migrator.testing.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lucidity.migrator.testing.MigratedDatabase;
import io.lucidity.migrator.testing.MigratedDb;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

// The data-migration example of docs/testing.md, verbatim but for the package.
@MigratedDatabase(revision = "6") // each test starts at V6
class DocumentLanguageMigrationTest {

    @Test
    void v7GivesExistingDocumentsTheUndeterminedLanguage(MigratedDb db) {
        db.execute("INSERT INTO users (email, password_hash) VALUES ('owner@example.com', 'x')");
        db.execute("INSERT INTO documents (owner_id, title) SELECT id, 'Report' FROM users");

        db.migrateTo("7");

        assertEquals(
                List.of(Map.of("title", "Report", "language", "und")),
                db.query("SELECT title, language FROM documents"));
    }
}
