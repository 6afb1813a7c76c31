-- corpus: hazard add-column-volatile-default
-- from: strong_migrations adding a column with a volatile default value
-- gen_random_uuid() is volatile: every existing row gets its own value, so the table is rewritten under ACCESS EXCLUSIVE.
ALTER TABLE orders ADD COLUMN public_ref uuid DEFAULT gen_random_uuid();
