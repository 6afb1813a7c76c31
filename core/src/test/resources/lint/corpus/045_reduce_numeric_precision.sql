-- corpus: hazard alter-column-type
-- from: postgres docs ALTER TABLE SET DATA TYPE
-- Lowering a numeric's precision rewrites the table.
ALTER TABLE invoices ALTER COLUMN amount TYPE numeric(10, 2);
