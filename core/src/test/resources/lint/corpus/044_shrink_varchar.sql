-- corpus: hazard alter-column-type
-- from: strong_migrations changing the type of a column
-- A shorter varchar must check every value: a rewrite.
ALTER TABLE users ALTER COLUMN bio TYPE varchar(100);
