-- corpus: safe
-- from: squawk adding-foreign-key-constraint
-- Step one: the key applies to new rows at once, existing rows are checked later.
ALTER TABLE orders
    ADD CONSTRAINT orders_account_id_fk FOREIGN KEY (account_id) REFERENCES accounts (id) NOT VALID;
