-- corpus: safe
-- from: postgres docs ALTER TYPE
-- Migrator runs a file with ADD VALUE outside a transaction, statement by statement, so the value is committed before use.
ALTER TYPE order_state ADD VALUE 'returned';
UPDATE orders SET state = 'returned' WHERE id = 7;
