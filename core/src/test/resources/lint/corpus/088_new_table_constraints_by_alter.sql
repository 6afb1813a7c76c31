-- corpus: safe
-- from: squawk constraint-missing-not-valid
-- Constraints, NOT NULL and a type change on a table created a few lines earlier: it is empty.
CREATE TABLE wallets (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id bigint,
    currency text,
    balance_cents integer
);
ALTER TABLE wallets ADD CONSTRAINT wallets_account_id_key UNIQUE (account_id);
ALTER TABLE wallets ADD CONSTRAINT wallets_balance_check CHECK (balance_cents >= 0);
ALTER TABLE wallets ADD CONSTRAINT wallets_account_id_fk FOREIGN KEY (account_id) REFERENCES accounts (id);
ALTER TABLE wallets ALTER COLUMN currency SET NOT NULL;
ALTER TABLE wallets ALTER COLUMN balance_cents TYPE bigint;
