-- corpus: safe
-- from: postgres docs ALTER TABLE SET DATA TYPE
-- More precision with the same scale needs no rewrite.
ALTER TABLE invoices ALTER COLUMN amount TYPE numeric(16, 2);
