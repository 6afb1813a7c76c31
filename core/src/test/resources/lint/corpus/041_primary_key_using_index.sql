-- corpus: safe
-- from: squawk adding-primary-key-constraint
-- The unique index exists and the column is already NOT NULL: promoting it is quick.
ALTER TABLE shipments ADD CONSTRAINT shipments_pkey PRIMARY KEY USING INDEX shipments_id_uidx;
