-- corpus: hazard vacuum-full
-- from: postgres docs VACUUM
-- The same in the parenthesised option form.
VACUUM (FULL, ANALYZE) audit_log;
