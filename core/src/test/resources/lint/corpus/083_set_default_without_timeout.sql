-- corpus: safe
-- from: squawk require-timeout-settings
-- No SET lock_timeout here: Migrator sets lock_timeout on its own session. A new default is a catalog change.
ALTER TABLE orders ALTER COLUMN archived SET DEFAULT true;
