-- corpus: hazard set-not-null
-- from: strong_migrations setting NOT NULL on an existing column
-- The CHECK is added but not validated, so it proves nothing: SET NOT NULL still scans under ACCESS EXCLUSIVE.
ALTER TABLE orders ADD CONSTRAINT orders_placed_at_not_null CHECK (placed_at IS NOT NULL) NOT VALID;
ALTER TABLE orders ALTER COLUMN placed_at SET NOT NULL;
