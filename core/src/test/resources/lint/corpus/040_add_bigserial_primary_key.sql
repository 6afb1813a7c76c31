-- corpus: hazard add-primary-key add-column-volatile-default
-- from: squawk adding-serial-primary-key-field
-- A bigserial column gets nextval() for every row (a rewrite), and then the key's index is built.
ALTER TABLE invoices ADD COLUMN invoice_key bigserial PRIMARY KEY;
