-- corpus: safe
-- from: strong_migrations adding a primary key
-- Step one of the primary key recipe: the unique index, built concurrently.
CREATE UNIQUE INDEX CONCURRENTLY invoices_id_uidx ON invoices (id);
