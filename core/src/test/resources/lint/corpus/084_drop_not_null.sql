-- corpus: safe
-- from: squawk ban-drop-not-null
-- Dropping NOT NULL is a catalog change under a brief lock.
ALTER TABLE accounts ALTER COLUMN email DROP NOT NULL;
