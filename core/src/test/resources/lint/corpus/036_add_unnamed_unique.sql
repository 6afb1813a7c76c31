-- corpus: hazard add-unique
-- from: postgres docs ALTER TABLE ADD table_constraint
-- The same without a constraint name.
ALTER TABLE invoices ADD UNIQUE (number);
