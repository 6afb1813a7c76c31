-- corpus: hazard add-check
-- from: squawk constraint-missing-not-valid
-- A CHECK added the usual way scans the table under ACCESS EXCLUSIVE.
ALTER TABLE products ADD CONSTRAINT products_price_positive CHECK (price_cents > 0);
