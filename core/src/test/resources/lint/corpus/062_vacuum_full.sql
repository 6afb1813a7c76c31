-- corpus: hazard vacuum-full
-- from: postgres docs VACUUM
-- VACUUM FULL rewrites the table under ACCESS EXCLUSIVE.
VACUUM FULL orders;
