package io.lucidity.migrator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorException;
import org.junit.jupiter.api.Test;

/** The data-migration helper: start at a version, insert rows, migrate on, assert. */
@MigratedDatabase(revision = "6")
class DataMigrationTest {

    @Test
    void existingDocumentsGetTheDefaultLanguageWhenV7Runs(MigratedDb db) {
        assertThat(db.currentRevision()).isEqualTo("6");
        assertThat(db.query("SELECT count(*) AS n FROM users").get(0).get("n"))
                .as("seeds run only at head")
                .isEqualTo(0L);
        db.execute("INSERT INTO users (email, password_hash) VALUES ('owner@example.com', 'x')");
        db.execute("INSERT INTO documents (owner_id, title) "
                + "SELECT id, 'Annual report' FROM users WHERE email = 'owner@example.com'");

        assertThat(db.migrateTo("7")).isEqualTo("7");

        assertThat(db.query("SELECT title, language FROM documents"))
                .containsExactly(java.util.Map.of("title", "Annual report", "language", "und"));
    }

    @Test
    void migrateToAnOlderVersionRunsTheUndoScripts(MigratedDb db) {
        db.migrateTo("7");
        assertThat(db.schema().objects()).containsKey("column public.documents.language");

        assertThat(db.migrateTo("6")).isEqualTo("6");

        assertThat(db.schema().objects()).doesNotContainKey("column public.documents.language");
    }

    @Test
    void anUnknownRevisionIsRefusedWithMigratorsDiagnostic(MigratedDb db) {
        assertThatThrownBy(() -> db.migrateTo("42"))
                .isInstanceOfSatisfying(
                        MigratorException.class, e -> assertThat(e.code()).isEqualTo(DiagnosticCode.UNKNOWN_REVISION));
    }
}
