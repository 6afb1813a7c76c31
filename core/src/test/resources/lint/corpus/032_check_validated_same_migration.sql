-- corpus: hazard add-check
-- from: strong_migrations adding a check constraint
-- Validating in the same transaction as the ADD keeps the ADD's ACCESS EXCLUSIVE lock during the scan.
ALTER TABLE users ADD CONSTRAINT users_score_range CHECK (score BETWEEN 0 AND 100) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_score_range;
