-- corpus: hazard add-unique
-- from: squawk disallowed-unique-constraint
-- A UNIQUE constraint builds its index under ACCESS EXCLUSIVE: reads and writes wait.
ALTER TABLE users ADD CONSTRAINT users_phone_key UNIQUE (phone);
