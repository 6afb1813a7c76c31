-- corpus: safe
-- from: postgres docs ALTER INDEX
-- No query names an index; since PostgreSQL 12 the rename takes SHARE UPDATE EXCLUSIVE.
ALTER INDEX orders_placed_at_idx RENAME TO orders_placed_on_idx;
