-- corpus: hazard index-not-concurrent
-- from: strong_migrations adding a reference
-- The new column is cheap; the index on it scans all of orders while writes wait.
ALTER TABLE orders ADD COLUMN coupon_id bigint;
CREATE INDEX orders_coupon_id_idx ON orders (coupon_id);
