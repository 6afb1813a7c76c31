-- corpus: hazard concurrently-in-transaction
-- from: postgres docs DROP INDEX
-- fails: 25001
-- Same with a concurrent drop opened by START TRANSACTION.
START TRANSACTION;
DROP INDEX CONCURRENTLY orders_placed_at_idx;
COMMIT;
