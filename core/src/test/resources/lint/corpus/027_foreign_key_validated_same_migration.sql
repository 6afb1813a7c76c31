-- corpus: hazard add-foreign-key
-- from: strong_migrations adding a foreign key
-- NOT VALID then VALIDATE in one transaction: the lock from the first statement is still held while the second scans.
ALTER TABLE orders
    ADD CONSTRAINT orders_product_id_fk FOREIGN KEY (product_id) REFERENCES products (id) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_product_id_fk;
