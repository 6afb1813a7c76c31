-- corpus: safe
-- from: postgres docs REINDEX
-- REINDEX CONCURRENTLY (PostgreSQL 12+) builds the replacement beside the old index.
REINDEX INDEX CONCURRENTLY orders_placed_at_idx;
