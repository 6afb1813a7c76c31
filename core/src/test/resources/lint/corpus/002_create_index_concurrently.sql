-- corpus: safe
-- from: squawk require-concurrent-index-creation
-- The concurrent build takes SHARE UPDATE EXCLUSIVE: writes go on while it runs (Migrator runs it outside a transaction).
CREATE INDEX CONCURRENTLY orders_account_id_idx ON orders (account_id);
