-- corpus: safe
-- from: squawk constraint-missing-not-valid
-- Step two, in a later migration, without blocking writes.
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_cents_check;
