-- corpus: hazard add-not-null-column
-- from: squawk adding-required-field
-- NOT NULL without a default: fails on a table with rows, and the previous build's inserts fail once it exists.
ALTER TABLE orders ADD COLUMN channel text NOT NULL;
