-- corpus: hazard add-enum-value-in-transaction
-- from: postgres docs ALTER TYPE
-- fails: 55P04
-- Hidden in a DO block the statement runs in the migration's transaction, and the default uses it at once.
DO $$
BEGIN
    ALTER TYPE order_state ADD VALUE 'on_hold';
END
$$;
ALTER TABLE orders ALTER COLUMN state SET DEFAULT 'on_hold';
