-- corpus: hazard index-not-concurrent
-- from: squawk disallowed-unique-constraint
-- The attaching step is fine, but the index was built without CONCURRENTLY just before.
CREATE UNIQUE INDEX users_phone_uidx ON users (phone);
ALTER TABLE users ADD CONSTRAINT users_phone_key UNIQUE USING INDEX users_phone_uidx;
