-- corpus: safe
-- from: postgres docs COMMENT
-- Comments change the catalog only.
COMMENT ON TABLE orders IS 'One row per checkout';
COMMENT ON COLUMN orders.total_cents IS 'Total in cents, taxes included';
