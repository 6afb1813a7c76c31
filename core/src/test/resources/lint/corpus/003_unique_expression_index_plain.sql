-- corpus: hazard index-not-concurrent
-- from: strong_migrations adding an index non-concurrently
-- A unique expression index built the blocking way.
CREATE UNIQUE INDEX users_login_uidx ON users (lower(login));
