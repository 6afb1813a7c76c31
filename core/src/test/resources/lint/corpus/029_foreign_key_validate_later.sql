-- corpus: safe
-- from: strong_migrations adding a foreign key
-- Step two, in a later migration: VALIDATE takes SHARE UPDATE EXCLUSIVE, reads and writes go on.
ALTER TABLE orders VALIDATE CONSTRAINT orders_user_id_fk;
