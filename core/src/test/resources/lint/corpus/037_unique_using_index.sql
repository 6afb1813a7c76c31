-- corpus: safe
-- from: squawk disallowed-unique-constraint
-- The unique index was built concurrently by the previous release; attaching it is a catalog change.
ALTER TABLE accounts ADD CONSTRAINT accounts_email_key UNIQUE USING INDEX accounts_email_uidx;
