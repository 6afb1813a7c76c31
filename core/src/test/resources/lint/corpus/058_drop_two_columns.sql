-- corpus: hazard drop-column
-- from: strong_migrations removing a column
-- Two columns in one statement, one with IF EXISTS.
ALTER TABLE orders DROP COLUMN IF EXISTS coupon_code, DROP COLUMN note;
