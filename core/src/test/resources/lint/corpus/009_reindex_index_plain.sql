-- corpus: hazard reindex-not-concurrent
-- from: squawk require-concurrent-reindex
-- A plain REINDEX blocks writes to the table and reads that would use the index.
REINDEX INDEX orders_placed_at_idx;
