-- corpus: safe
-- from: strong_migrations adding an index non-concurrently
-- The same index, partial, built concurrently and re-runnable.
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_login_uidx
    ON users (lower(login))
    WHERE login IS NOT NULL;
