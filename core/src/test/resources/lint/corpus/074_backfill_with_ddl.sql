-- corpus: hazard unbounded-data-change-with-ddl
-- from: strong_migrations backfilling data
-- The UPDATE touches every row while the ADD COLUMN's ACCESS EXCLUSIVE lock is held until commit.
ALTER TABLE orders ADD COLUMN total_eur numeric(12, 2);
UPDATE orders SET total_eur = total_cents / 100.0;
