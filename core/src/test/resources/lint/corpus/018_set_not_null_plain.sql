-- corpus: hazard set-not-null
-- from: squawk adding-not-nullable-field
-- SET NOT NULL scans the whole table under ACCESS EXCLUSIVE to prove there is no NULL.
ALTER TABLE users ALTER COLUMN login SET NOT NULL;
