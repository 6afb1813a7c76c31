-- corpus: hazard alter-column-type
-- from: strong_migrations changing the type of a column
-- A conversion with USING runs for every row.
ALTER TABLE orders ALTER COLUMN state DROP DEFAULT;
ALTER TABLE orders ALTER COLUMN state TYPE text USING state::text;
