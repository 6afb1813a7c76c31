-- corpus: safe
-- from: strong_migrations setting NOT NULL on an existing column
-- Step two (a later release): validate without blocking writes, then SET NOT NULL uses the
-- validated CHECK instead of scanning (PostgreSQL 12+), then the CHECK is redundant.
ALTER TABLE accounts VALIDATE CONSTRAINT accounts_display_name_not_null;
ALTER TABLE accounts ALTER COLUMN display_name SET NOT NULL;
ALTER TABLE accounts DROP CONSTRAINT accounts_display_name_not_null;
