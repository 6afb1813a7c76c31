-- corpus: hazard lock-table
-- from: postgres docs LOCK
-- Without a mode, LOCK means ACCESS EXCLUSIVE.
LOCK orders;
UPDATE orders SET archived = true WHERE id = 1;
