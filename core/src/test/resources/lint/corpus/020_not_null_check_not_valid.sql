-- corpus: safe
-- from: strong_migrations setting NOT NULL on an existing column
-- Step one of the recipe: an unvalidated CHECK, enforced for new rows, added without a scan.
ALTER TABLE users ADD CONSTRAINT users_login_not_null CHECK (login IS NOT NULL) NOT VALID;
