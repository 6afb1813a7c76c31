-- corpus: safe
-- from: strong_migrations adding a column with a default value
-- Since PostgreSQL 11 a constant default is stored in the catalog: no rewrite, a brief lock only.
ALTER TABLE orders ADD COLUMN gift_wrap boolean NOT NULL DEFAULT false;
