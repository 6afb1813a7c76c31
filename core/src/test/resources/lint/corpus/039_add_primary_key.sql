-- corpus: hazard add-primary-key
-- from: squawk adding-primary-key-constraint
-- ADD PRIMARY KEY builds the index (and makes the column NOT NULL) under ACCESS EXCLUSIVE.
ALTER TABLE invoices ADD PRIMARY KEY (id);
