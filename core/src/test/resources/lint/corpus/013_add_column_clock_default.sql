-- corpus: hazard add-column-volatile-default
-- from: squawk adding-field-with-default
-- clock_timestamp() is volatile too (unlike now()): a full rewrite.
ALTER TABLE users ADD COLUMN created_at timestamptz DEFAULT clock_timestamp();
