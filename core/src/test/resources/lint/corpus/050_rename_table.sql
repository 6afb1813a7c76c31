-- corpus: hazard rename-table
-- from: squawk renaming-table
-- The previous build, still serving during a rolling upgrade, keeps querying invoices and fails.
ALTER TABLE invoices RENAME TO bills;
