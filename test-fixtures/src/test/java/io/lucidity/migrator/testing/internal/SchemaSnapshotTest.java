package io.lucidity.migrator.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.testing.MigratedDatabase;
import io.lucidity.migrator.testing.MigratedDb;
import io.lucidity.migrator.testing.SchemaSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Snapshots see every kind of schema object, ignore creation order, and diff readably. */
@MigratedDatabase(
        revision = "base",
        extensions = {})
class SchemaSnapshotTest {
    private static final String SCHEMA = """
            CREATE SCHEMA billing;
            CREATE TYPE billing.status AS ENUM ('open', 'paid');
            CREATE DOMAIN billing.amount AS numeric(12, 2) NOT NULL CHECK (VALUE >= 0);
            CREATE TABLE billing.customers (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email TEXT NOT NULL UNIQUE);
            CREATE TABLE billing.invoices (
                id BIGSERIAL PRIMARY KEY,
                customer_id BIGINT NOT NULL REFERENCES billing.customers (id) ON DELETE CASCADE,
                total billing.amount,
                status billing.status NOT NULL DEFAULT 'open',
                embedding vector(3),
                created_at TIMESTAMPTZ NOT NULL DEFAULT now());
            CREATE INDEX invoices_open_idx ON billing.invoices (customer_id) WHERE status = 'open';
            CREATE VIEW billing.open_invoices AS SELECT id, total FROM billing.invoices WHERE status = 'open';
            CREATE FUNCTION billing.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
            CREATE TRIGGER invoices_touch BEFORE UPDATE ON billing.invoices FOR EACH ROW EXECUTE FUNCTION billing.touch();
            ALTER TABLE billing.invoices ENABLE ROW LEVEL SECURITY;
            CREATE POLICY own_invoices ON billing.invoices FOR SELECT USING (customer_id > 0);
            COMMENT ON COLUMN billing.invoices.total IS 'gross';
            """;

    @Test
    void seesEveryKindOfObjectButNotThoseOfExtensions(MigratedDb db) {
        db.execute("CREATE EXTENSION vector");
        db.execute(SCHEMA);

        assertThat(db.schema().objects())
                .containsKeys(
                        "schema billing",
                        "extension vector",
                        "enum billing.status",
                        "domain billing.amount",
                        "table billing.invoices",
                        "column billing.invoices.total",
                        "constraint billing.invoices.invoices_customer_id_fkey",
                        "index billing.invoices_open_idx",
                        "view billing.open_invoices",
                        "function billing.touch()",
                        "trigger billing.invoices.invoices_touch",
                        "policy billing.invoices.own_invoices",
                        "sequence billing.invoices_id_seq",
                        "comment on billing.invoices.total",
                        "constraint billing.amount.amount_check")
                .containsEntry(
                        "column billing.invoices.status", "#4 billing.status NOT NULL DEFAULT 'open'::billing.status")
                .containsEntry("table billing.invoices", "ROW LEVEL SECURITY")
                .containsEntry(
                        "sequence billing.invoices_id_seq",
                        "AS bigint START 1 INCREMENT 1 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1 "
                                + "OWNED BY billing.invoices.id")
                .allSatisfy((key, definition) -> assertThat(key).doesNotContain("halfvec", "vector_in", "l2_distance"));
    }

    @Test
    void theSameSchemaBuiltInAnotherOrderIsEqual(MigratedDb db) {
        db.execute("CREATE TABLE a (id INT PRIMARY KEY, b_id INT); CREATE TABLE b (id INT PRIMARY KEY);"
                + "ALTER TABLE a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES b (id);");
        SchemaSnapshot first = db.schema();
        db.execute("DROP TABLE a; DROP TABLE b;");
        db.execute("CREATE TABLE b (id INT PRIMARY KEY); CREATE TABLE a (id INT PRIMARY KEY, b_id INT "
                + "CONSTRAINT a_b_fk REFERENCES b (id));");

        assertThat(db.schema()).isEqualTo(first);
        assertThat(db.schema().diff(first)).isEmpty();
    }

    @Test
    void theDiffNamesWhatWasAddedRemovedAndChanged(MigratedDb db) {
        db.execute("CREATE TABLE t (id INT PRIMARY KEY, name TEXT, old INT); CREATE INDEX t_name_idx ON t (name);");
        SchemaSnapshot before = db.schema();
        db.execute("ALTER TABLE t DROP COLUMN old; ALTER TABLE t ALTER COLUMN name SET DEFAULT 'x';"
                + "ALTER TABLE t ADD COLUMN created DATE; DROP INDEX t_name_idx;");

        List<String> diff = db.schema().diff(before);

        assertThat(diff)
                .containsExactly(
                        "+ column public.t.created: #3 date",
                        "~ column public.t.name: #2 text  ->  #2 text DEFAULT 'x'::text",
                        "- column public.t.old: #3 integer",
                        "- index public.t_name_idx: CREATE INDEX t_name_idx ON public.t USING btree (name)");
    }
}
