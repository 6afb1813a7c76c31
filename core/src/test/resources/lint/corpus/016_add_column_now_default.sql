-- corpus: safe
-- from: squawk adding-field-with-default
-- now() is stable, evaluated once for the statement: PostgreSQL 11+ stores it without a rewrite.
ALTER TABLE users ADD COLUMN joined_at timestamptz NOT NULL DEFAULT now();
