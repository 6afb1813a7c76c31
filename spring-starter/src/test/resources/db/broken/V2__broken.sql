-- References a column that does not exist: the migration fails.
CREATE INDEX notes_title_idx ON notes (title);
