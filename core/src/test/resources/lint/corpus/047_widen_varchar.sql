-- corpus: safe
-- from: strong_migrations changing the type of a column
-- A longer varchar limit is a catalog change only.
ALTER TABLE users ALTER COLUMN bio TYPE varchar(500);
