-- corpus: safe
-- from: squawk renaming-column
-- Renames inside a table created by this migration: no older build knows it.
CREATE TABLE import_batches (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started timestamptz NOT NULL
);
ALTER TABLE import_batches RENAME COLUMN started TO started_at;
ALTER TABLE import_batches RENAME TO order_imports;
