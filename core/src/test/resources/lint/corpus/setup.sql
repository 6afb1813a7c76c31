-- The schema the previous build left behind. Every corpus case runs on a fresh database after this file,
-- as the next release's migration; the tables are empty (a lint trace measures locks, not data).
CREATE TYPE order_state AS ENUM ('new', 'paid', 'shipped');

CREATE TABLE accounts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL,
    display_name text,
    nickname varchar(40),
    plan text,
    legacy_code text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_email_uidx ON accounts (email);

CREATE TABLE users (
    id bigint PRIMARY KEY,
    account_id bigint,
    login text,
    phone text,
    bio varchar(200),
    score integer,
    last_seen timestamptz
);

CREATE TABLE products (
    id bigint PRIMARY KEY,
    sku varchar(32) NOT NULL,
    price_cents integer
);

CREATE TABLE orders (
    id bigint PRIMARY KEY,
    account_id bigint,
    user_id bigint,
    product_id bigint,
    state order_state NOT NULL DEFAULT 'new',
    total_cents integer,
    note text,
    coupon_code text,
    placed_at timestamptz,
    archived boolean NOT NULL DEFAULT false
);
CREATE INDEX orders_placed_at_idx ON orders (placed_at);

CREATE TABLE invoices (
    id bigint,
    order_id bigint,
    number text,
    amount numeric(12, 2),
    issued_on date
);

CREATE TABLE shipments (
    id bigint NOT NULL,
    order_id bigint,
    carrier text
);
CREATE UNIQUE INDEX shipments_id_uidx ON shipments (id);

CREATE TABLE audit_log (
    id bigint PRIMARY KEY,
    happened_at timestamptz,
    payload jsonb
);

CREATE TABLE legacy_exports (
    id bigint PRIMARY KEY,
    exported_at timestamptz
);

-- Constraints the previous release added NOT VALID, for the cases that validate them in the next one.
ALTER TABLE orders ADD CONSTRAINT orders_user_id_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
ALTER TABLE orders ADD CONSTRAINT orders_total_cents_check CHECK (total_cents >= 0) NOT VALID;
ALTER TABLE accounts ADD CONSTRAINT accounts_display_name_not_null CHECK (display_name IS NOT NULL) NOT VALID;
