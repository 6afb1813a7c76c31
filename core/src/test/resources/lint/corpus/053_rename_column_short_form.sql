-- corpus: hazard rename-column
-- from: strong_migrations renaming a column
-- RENAME without the COLUMN keyword means the same.
ALTER TABLE accounts RENAME display_name TO full_name;
