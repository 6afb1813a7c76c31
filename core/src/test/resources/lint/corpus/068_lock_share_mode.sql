-- corpus: hazard lock-table
-- from: postgres docs LOCK
-- SHARE mode still stops every write.
LOCK TABLE orders IN SHARE MODE;
SELECT count(*) FROM orders;
