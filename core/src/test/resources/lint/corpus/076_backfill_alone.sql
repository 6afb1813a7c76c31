-- corpus: safe
-- from: strong_migrations backfilling data
-- The backfill in a migration of its own, with no DDL holding a lock around it.
UPDATE orders SET archived = true WHERE placed_at < '2020-01-01';
