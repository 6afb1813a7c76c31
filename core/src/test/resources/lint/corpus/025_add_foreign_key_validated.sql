-- corpus: hazard add-foreign-key
-- from: squawk adding-foreign-key-constraint
-- The new key is checked against every row while both tables are locked (SHARE ROW EXCLUSIVE: writes wait).
ALTER TABLE orders
    ADD CONSTRAINT orders_account_id_fk FOREIGN KEY (account_id) REFERENCES accounts (id);
