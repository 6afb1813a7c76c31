-- corpus: safe
-- from: postgres docs ALTER TABLE SET
-- Storage parameters and statistics targets take SHARE UPDATE EXCLUSIVE.
ALTER TABLE orders SET (autovacuum_vacuum_scale_factor = 0.02);
ALTER TABLE orders ALTER COLUMN note SET STATISTICS 500;
