-- corpus: safe
-- from: squawk ban-concurrent-index-creation-in-transaction
-- Migrator runs a file with CONCURRENTLY outside a transaction, one statement at a time: both statements work.
ALTER TABLE orders ADD COLUMN region text;
CREATE INDEX CONCURRENTLY orders_region_idx ON orders (region);
