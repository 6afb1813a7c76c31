-- corpus: hazard add-foreign-key
-- from: strong_migrations adding a reference with a foreign key
-- An inline REFERENCES on a new column adds a validated foreign key in the same statement.
ALTER TABLE invoices ADD COLUMN account_ref bigint REFERENCES accounts (id);
