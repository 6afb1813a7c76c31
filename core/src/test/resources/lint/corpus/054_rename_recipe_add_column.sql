-- corpus: safe
-- from: strong_migrations renaming a column
-- The rename recipe starts with a new column that the new build writes beside the old one.
ALTER TABLE users ADD COLUMN phone_number text;
