-- corpus: hazard rename-table
-- from: strong_migrations renaming a table
-- Same hazard, spelled with IF EXISTS.
ALTER TABLE IF EXISTS products RENAME TO catalog_items;
