-- corpus: safe
-- from: postgres docs CREATE VIEW
-- Views and functions lock no table for writes.
CREATE OR REPLACE VIEW open_orders AS
    SELECT id, account_id, total_cents FROM orders WHERE NOT archived;

CREATE FUNCTION order_total_eur(cents bigint) RETURNS numeric
    LANGUAGE sql IMMUTABLE
AS $$
    SELECT cents / 100.0;
$$;
