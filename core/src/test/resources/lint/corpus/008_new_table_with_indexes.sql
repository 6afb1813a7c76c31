-- corpus: safe
-- from: postgres docs CREATE INDEX
-- Indexes on a table created in the same migration are built on an empty table nobody uses yet.
CREATE TABLE coupons (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code text NOT NULL,
    percent_off integer NOT NULL,
    expires_at timestamptz
);
CREATE UNIQUE INDEX coupons_code_uidx ON coupons (code);
CREATE INDEX coupons_expires_at_idx ON coupons (expires_at);
