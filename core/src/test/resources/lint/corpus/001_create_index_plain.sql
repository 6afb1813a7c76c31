-- corpus: hazard index-not-concurrent
-- from: squawk require-concurrent-index-creation
-- A plain index build holds a SHARE lock on orders: inserts and updates wait until it finishes.
CREATE INDEX orders_account_id_idx ON orders (account_id);
