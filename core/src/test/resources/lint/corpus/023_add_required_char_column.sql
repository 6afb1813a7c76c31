-- corpus: hazard add-not-null-column
-- from: squawk adding-not-nullable-field
-- Same hazard with a fixed-width type.
ALTER TABLE accounts ADD COLUMN region_code char(2) NOT NULL;
