-- corpus: safe
-- from: squawk require-concurrent-index-deletion
-- Dropped concurrently, the index goes away without blocking queries on orders.
DROP INDEX CONCURRENTLY IF EXISTS orders_placed_at_idx;
