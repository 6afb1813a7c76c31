-- corpus: hazard add-enum-value-in-transaction
-- from: postgres docs ALTER TYPE
-- fails: 55P04
-- A value added inside an explicit transaction cannot be used before that transaction commits
-- (and before PostgreSQL 12 ADD VALUE is refused inside a transaction block at all).
BEGIN;
ALTER TYPE order_state ADD VALUE 'refunded';
UPDATE orders SET state = 'refunded' WHERE id = 1;
COMMIT;
