-- corpus: safe
-- from: postgres docs VACUUM
-- A plain VACUUM takes SHARE UPDATE EXCLUSIVE: reads and writes go on.
VACUUM (ANALYZE) orders;
