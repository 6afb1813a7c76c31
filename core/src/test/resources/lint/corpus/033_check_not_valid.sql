-- corpus: safe
-- from: strong_migrations adding a check constraint
-- Step one: NOT VALID skips the scan.
ALTER TABLE products ADD CONSTRAINT products_price_positive CHECK (price_cents > 0) NOT VALID;
