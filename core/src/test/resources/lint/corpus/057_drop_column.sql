-- corpus: hazard drop-column
-- from: squawk ban-drop-column
-- The previous build still reads accounts.legacy_code.
ALTER TABLE accounts DROP COLUMN legacy_code;
