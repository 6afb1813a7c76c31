-- corpus: safe
-- from: strong_migrations changing the type of a column
-- varchar to text is binary compatible: no rewrite, no scan.
ALTER TABLE accounts ALTER COLUMN nickname TYPE text;
