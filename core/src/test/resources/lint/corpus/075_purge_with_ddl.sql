-- corpus: hazard unbounded-data-change-with-ddl
-- from: strong_migrations backfilling data
-- A DELETE over a date range has no size bound; the DDL before it keeps audit_log locked meanwhile.
ALTER TABLE audit_log ADD COLUMN source text;
DELETE FROM audit_log WHERE happened_at < now() - interval '1 year';
