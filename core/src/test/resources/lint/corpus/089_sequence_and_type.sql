-- corpus: safe
-- from: squawk prefer-robust-stmts
-- New objects without IF NOT EXISTS: Migrator applies each migration once.
CREATE SEQUENCE invoice_numbers START 1000;
CREATE TYPE payment_method AS ENUM ('card', 'transfer');
ALTER TABLE invoices ADD COLUMN method payment_method;
