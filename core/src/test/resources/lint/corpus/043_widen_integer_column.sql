-- corpus: hazard alter-column-type
-- from: squawk changing-column-type
-- integer to bigint rewrites the table and its indexes under ACCESS EXCLUSIVE.
ALTER TABLE orders ALTER COLUMN total_cents TYPE bigint;
