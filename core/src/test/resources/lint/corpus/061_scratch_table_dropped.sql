-- corpus: safe
-- from: postgres docs CREATE TABLE AS
-- A scratch table made and dropped inside the migration; no build ever used it.
CREATE TABLE order_totals_scratch AS
    SELECT account_id, sum(total_cents) AS total FROM orders GROUP BY account_id;
DROP TABLE order_totals_scratch;
