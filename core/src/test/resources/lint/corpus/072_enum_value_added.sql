-- corpus: safe
-- from: postgres docs ALTER TYPE
-- Adding a value takes no table lock; Migrator runs the file outside a transaction.
ALTER TYPE order_state ADD VALUE IF NOT EXISTS 'cancelled' AFTER 'paid';
