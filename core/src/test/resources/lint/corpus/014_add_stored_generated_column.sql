-- corpus: hazard add-column-volatile-default
-- from: squawk adding-field-with-default
-- A stored generated column is computed for every existing row: the table is rewritten.
ALTER TABLE orders
    ADD COLUMN total_with_tax bigint GENERATED ALWAYS AS (total_cents * 120 / 100) STORED;
