-- corpus: safe
-- from: postgres docs ALTER TABLE
-- A nullable column without a default only touches the catalog.
ALTER TABLE orders ADD COLUMN tracking_number text;
