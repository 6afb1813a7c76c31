-- corpus: hazard index-not-concurrent
-- from: squawk require-concurrent-index-deletion
-- DROP INDEX takes ACCESS EXCLUSIVE on the table the index belongs to.
DROP INDEX orders_placed_at_idx;
