-- corpus: safe
-- from: squawk prefer-identity
-- A serial id on a new table: a style choice, no lock on existing tables.
CREATE TABLE tags (
    id serial PRIMARY KEY,
    label varchar(64) NOT NULL UNIQUE
);
