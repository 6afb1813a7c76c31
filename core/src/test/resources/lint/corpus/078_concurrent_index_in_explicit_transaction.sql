-- corpus: hazard concurrently-in-transaction
-- from: squawk ban-concurrent-index-creation-in-transaction
-- fails: 25001
-- CONCURRENTLY is refused inside a transaction block; the migration fails half way.
BEGIN;
CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);
COMMIT;
