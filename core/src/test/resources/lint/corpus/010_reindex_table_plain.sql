-- corpus: hazard reindex-not-concurrent
-- from: postgres docs REINDEX
-- Rebuilding every index of a table the blocking way.
REINDEX TABLE orders;
