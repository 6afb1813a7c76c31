-- corpus: hazard drop-table
-- from: postgres docs DROP TABLE
-- CASCADE also drops whatever depends on the table.
DROP TABLE IF EXISTS audit_log CASCADE;
