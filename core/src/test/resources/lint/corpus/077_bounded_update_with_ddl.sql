-- corpus: safe
-- from: strong_migrations backfilling data
-- A data change bounded by primary key values next to DDL touches three rows.
ALTER TABLE accounts ADD COLUMN tier text;
UPDATE accounts SET tier = 'gold' WHERE id IN (1, 2, 3);
