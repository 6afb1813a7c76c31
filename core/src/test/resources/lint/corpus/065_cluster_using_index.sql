-- corpus: hazard cluster
-- from: postgres docs CLUSTER
-- CLUSTER rewrites the table in index order under ACCESS EXCLUSIVE.
CLUSTER orders USING orders_placed_at_idx;
