-- corpus: hazard rename-column
-- from: squawk renaming-column
-- The previous build still selects users.phone.
ALTER TABLE users RENAME COLUMN phone TO phone_number;
