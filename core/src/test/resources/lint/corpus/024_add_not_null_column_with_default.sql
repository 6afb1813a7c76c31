-- corpus: safe
-- from: squawk adding-required-field
-- NOT NULL with a constant default: old inserts get the default, and PostgreSQL 11+ does not rewrite.
ALTER TABLE orders ADD COLUMN priority integer NOT NULL DEFAULT 0;
