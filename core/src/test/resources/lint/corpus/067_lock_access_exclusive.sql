-- corpus: hazard lock-table
-- from: postgres docs LOCK
-- An explicit ACCESS EXCLUSIVE lock stops every query on accounts until the migration commits.
LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE;
UPDATE accounts SET plan = 'free' WHERE id = 1;
